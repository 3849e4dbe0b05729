import type { App, DashboardWidget, DashboardWidgetKind, Entity, Field } from '../../generated/definition.types.js';

/*
 * What a dashboard widget may name, declared once for the semantic checks, the runtime (which
 * drops widgets over fields a viewer cannot see) and the builder (which offers only these). The
 * value types mirror what the reports API groups and aggregates (runtime/src/reports/
 * report-fields.resolver.ts): a formula counts as its result type, a relation as a group only when
 * it points at one record.
 */

/** The system columns a report may group by or bound a period with, and their value types. */
export const REPORT_SYSTEM_FIELDS: Readonly<Record<string, string>> = {
  owner: 'user',
  created_by: 'user',
  updated_by: 'user',
  created_at: 'datetime',
  updated_at: 'datetime',
};

export const GROUPABLE_TYPES: readonly string[] = ['enum', 'user', 'relation', 'boolean', 'text', 'email', 'phone', 'url', 'integer', 'date', 'datetime'];
export const NUMERIC_TYPES: readonly string[] = ['integer', 'number', 'money', 'percent'];
export const DATE_TYPES: readonly string[] = ['date', 'datetime'];

/** Kinds that draw the metric per group and so need a groupBy. */
export const GROUPED_KINDS: readonly DashboardWidgetKind[] = ['bar', 'line', 'pie'];
/** Kinds that compute a metric (a table lists records). */
export const METRIC_KINDS: readonly DashboardWidgetKind[] = ['figure', 'bar', 'line', 'pie', 'funnel'];
export const WIDGET_KINDS: readonly DashboardWidgetKind[] = ['figure', 'bar', 'line', 'pie', 'funnel', 'table'];

/** A field's value type as reports see it: its type, a formula's result type, relation / relation-list. */
export function reportValueType(field: Field): string {
  if (field.type === 'formula') return field.resultType ?? 'number';
  if (field.type === 'relation') return (field.cardinality ?? 'many-to-one') === 'many-to-one' ? 'relation' : 'relation-list';
  return field.type;
}

/** The value type of `name` on the entity (a field or a report system column), or undefined. */
export function widgetFieldType(entity: Entity, name: string): string | undefined {
  const field = entity.fields.find((f) => f.name === name);
  if (field) return reportValueType(field);
  return REPORT_SYSTEM_FIELDS[name];
}

export interface WidgetFieldChoices {
  /** Fields a bar / line / pie may group by. */
  groupBy: string[];
  /** Fields sum / avg / min / max may compute over. */
  numeric: string[];
  /** Fields a period may bound (and date groups bucket). */
  dates: string[];
  /** Fields a table may show. */
  columns: string[];
}

/** What the builder offers for a widget over `entity`: exactly the names the checks accept. */
export function widgetFieldChoices(entity: Entity): WidgetFieldChoices {
  const typed = [...entity.fields.map((f) => ({ name: f.name, type: reportValueType(f) })), ...Object.entries(REPORT_SYSTEM_FIELDS).map(([name, type]) => ({ name, type }))];
  const named = (types: readonly string[]): string[] => typed.filter((t) => types.includes(t.type)).map((t) => t.name);
  return {
    groupBy: named(GROUPABLE_TYPES),
    numeric: named(NUMERIC_TYPES),
    dates: named(DATE_TYPES),
    columns: [...entity.fields.map((f) => f.name), ...Object.keys(REPORT_SYSTEM_FIELDS)],
  };
}

/** Pipelines a funnel over `entity` may use. */
export function widgetPipelines(app: App, entity: string): string[] {
  return (app.pipelines ?? []).filter((p) => p.entity === entity).map((p) => p.name);
}

function conditionFields(condition: unknown, into: Set<string>): void {
  if (typeof condition !== 'object' || condition === null) return;
  if (Array.isArray(condition)) {
    for (const item of condition) conditionFields(item, into);
    return;
  }
  const node: Record<string, unknown> = { ...condition };
  if (typeof node['field'] === 'string') into.add(node['field']);
  for (const key of ['and', 'or', 'not']) conditionFields(node[key], into);
}

/**
 * Every field of its own entity a widget reads: the metric's, groupBy, the period's, the pipeline's
 * stage field, the table's columns and sort, and the first step of each filter path. A viewer who
 * cannot see one of them does not get the widget.
 */
export function widgetFieldsRead(app: App, widget: DashboardWidget): string[] {
  const names = new Set<string>();
  if (widget.metric?.field !== undefined) names.add(widget.metric.field);
  if (widget.groupBy !== undefined) names.add(widget.groupBy);
  if (widget.period !== undefined) names.add(widget.period.field);
  if (widget.pipeline !== undefined) {
    const pipeline = (app.pipelines ?? []).find((p) => p.name === widget.pipeline);
    if (pipeline) names.add(pipeline.field);
  }
  for (const key of widget.sort ?? []) names.add(key.field);
  const filtered = new Set<string>();
  conditionFields(widget.filter, filtered);
  for (const path of filtered) names.add(path.split('.')[0] ?? path);
  return [...names].filter((n) => !n.startsWith('$'));
}
