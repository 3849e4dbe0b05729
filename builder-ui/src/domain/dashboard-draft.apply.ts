import type { App, Dashboard, DashboardWidget, DashboardWidgetKind, Entity, LocalizedText } from '@crm/schemas';
import { GROUPED_KINDS, WIDGET_KINDS, widgetFieldChoices, widgetFieldType, widgetPipelines } from '@crm/schemas';
import type { DraftChange, DraftPatch } from './definition-draft.apply.js';
import { nameFromLabel, uniqueName } from './field-name.rules.js';

/*
 * The dashboard designer's edits as DraftChanges on app.dashboards. Every choice it offers comes
 * from widgetFieldChoices in @crm/schemas, the table the semantic checks use, and switching a
 * widget's kind or entity fills in what the new kind needs and drops what it would not use, so a
 * widget is valid after one click.
 */

export type MetricOp = 'count' | 'sum' | 'avg' | 'min' | 'max';

function dashboardAt(app: App, d: number): Dashboard {
  const dashboard = app.dashboards?.[d];
  if (!dashboard) throw new RangeError(`There is no dashboard ${d}.`);
  return dashboard;
}

function widgetAt(app: App, d: number, w: number): DashboardWidget {
  const widget = dashboardAt(app, d).widgets[w];
  if (!widget) throw new RangeError(`Dashboard ${d} has no widget ${w}.`);
  return widget;
}

const setWidget = (d: number, w: number, widget: DashboardWidget): DraftPatch => ({ op: 'set', path: ['dashboards', d, 'widgets', w], value: widget });

/** The kinds a widget over `entity` can be: a funnel needs a pipeline of it. */
export function kindsFor(app: App, entity: string): DashboardWidgetKind[] {
  return WIDGET_KINDS.filter((kind) => kind !== 'funnel' || widgetPipelines(app, entity).length > 0);
}

/** The metric operations a widget may use: sums and averages need a number field; a funnel counts or sums. */
export function metricOpsFor(entity: Entity, kind: DashboardWidgetKind): MetricOp[] {
  if (kind === 'table') return [];
  const numeric = widgetFieldChoices(entity).numeric.length > 0;
  const ops: MetricOp[] = kind === 'funnel' ? ['count', 'sum'] : ['count', 'sum', 'avg', 'min', 'max'];
  return numeric ? ops : ['count'];
}

/** A groupBy to start with: a stage or other list field, else the owner. */
function firstGroup(entity: Entity): string {
  const choices = widgetFieldChoices(entity).groupBy;
  return entity.fields.find((f) => f.type === 'enum')?.name ?? (choices.includes('owner') ? 'owner' : (choices[0] ?? 'owner'));
}

/** The widget with what `kind` needs filled in and what it would not use removed. */
export function shapeFor(app: App, entity: Entity, widget: DashboardWidget, kind: DashboardWidgetKind): DashboardWidget {
  const { name, label, size, filter } = widget;
  const base: DashboardWidget = { name, label, kind, entity: entity.name, ...(filter !== undefined ? { filter } : {}), ...(size !== undefined ? { size } : {}) };
  const metric = widget.metric && metricOpsFor(entity, kind).includes(widget.metric.op) ? widget.metric : { op: 'count' as const };
  const period = widget.period && widgetFieldType(entity, widget.period.field) !== undefined ? { period: widget.period } : {};
  if (kind === 'table') {
    const columns = widgetFieldChoices(entity).columns;
    const fields = widget.fields?.filter((f) => columns.includes(f)) ?? [];
    return { ...base, fields: fields.length > 0 ? fields : entity.fields.slice(0, 3).map((f) => f.name), ...(widget.sort ? { sort: widget.sort } : {}), limit: widget.limit ?? 10 };
  }
  if (kind === 'funnel') {
    const pipelines = widgetPipelines(app, entity.name);
    const pipeline = widget.pipeline !== undefined && pipelines.includes(widget.pipeline) ? widget.pipeline : pipelines[0];
    return { ...base, metric, ...(pipeline !== undefined ? { pipeline } : {}), ...period };
  }
  if (GROUPED_KINDS.includes(kind)) {
    const choices = widgetFieldChoices(entity);
    const groupBy = widget.groupBy !== undefined && choices.groupBy.includes(widget.groupBy) ? widget.groupBy : firstGroup(entity);
    const dated = choices.dates.includes(groupBy);
    const limit = kind !== 'line' && widget.limit !== undefined ? { limit: widget.limit } : {};
    return { ...base, metric, groupBy, ...(dated && widget.dateBucket ? { dateBucket: widget.dateBucket } : {}), ...limit, ...period };
  }
  return { ...base, metric, ...period };
}

/**
 * The name of a new dashboard from its two boxes: each language its own text, and a box left empty
 * takes the other's (a name is never blank); null while both are empty.
 */
export function newDashboardLabel(ru: string, en: string): LocalizedText | null {
  const r = ru.trim();
  const e = en.trim();
  if (r === '' && e === '') return null;
  return { ru: r || e, en: e || r };
}

export function newDashboard(app: App, label: LocalizedText): Dashboard {
  const name = uniqueName(nameFromLabel(label.en ?? label.ru ?? 'dashboard', 'dashboard'), (app.dashboards ?? []).map((d) => d.name));
  return { name, label, widgets: [] };
}

export function addDashboard(app: App, dashboard: Dashboard): DraftChange {
  const patch: DraftPatch = app.dashboards ? { op: 'insert', path: ['dashboards', app.dashboards.length], value: dashboard } : { op: 'set', path: ['dashboards'], value: [dashboard] };
  return { label: `Add dashboard ${dashboard.name}`, patches: [patch] };
}

export function removeDashboard(app: App, d: number): DraftChange {
  const dashboard = dashboardAt(app, d);
  return { label: `Delete dashboard ${dashboard.name}`, patches: [app.dashboards?.length === 1 ? { op: 'set', path: ['dashboards'], value: undefined } : { op: 'remove', path: ['dashboards', d] }] };
}

export function setDashboardLabel(app: App, d: number, label: LocalizedText): DraftChange {
  return { label: `Rename dashboard ${dashboardAt(app, d).name}`, patches: [{ op: 'set', path: ['dashboards', d, 'label'], value: label }] };
}

/** Roles that see the dashboard; none chosen means everyone who can read its entities. */
export function setDashboardRoles(app: App, d: number, roles: readonly string[]): DraftChange {
  return { label: `Dashboard ${dashboardAt(app, d).name}: who sees it`, patches: [{ op: 'set', path: ['dashboards', d, 'roles'], value: roles.length > 0 ? [...roles] : undefined }] };
}

/** A new widget over `entity`: a figure counting its records, named after the label. */
export function addWidget(app: App, d: number, entity: Entity, label: LocalizedText): DraftChange {
  const dashboard = dashboardAt(app, d);
  const name = uniqueName(nameFromLabel(label.en ?? label.ru ?? 'widget', 'widget'), dashboard.widgets.map((w) => w.name));
  const widget = shapeFor(app, entity, { name, label, kind: 'figure', entity: entity.name }, 'figure');
  return { label: `Dashboard ${dashboard.name}: add widget ${name}`, patches: [{ op: 'insert', path: ['dashboards', d, 'widgets', dashboard.widgets.length], value: widget }] };
}

export function removeWidget(app: App, d: number, w: number): DraftChange {
  const widget = widgetAt(app, d, w);
  return { label: `Delete widget ${widget.name}`, patches: [{ op: 'remove', path: ['dashboards', d, 'widgets', w] }] };
}

export function moveWidget(app: App, d: number, from: number, to: number): DraftChange {
  const widgets = [...dashboardAt(app, d).widgets];
  const [moved] = widgets.splice(from, 1);
  if (moved === undefined || to < 0 || to > widgets.length || from === to) return { label: 'Nothing', patches: [] };
  widgets.splice(to, 0, moved);
  return { label: `Move widget ${moved.name}`, patches: [{ op: 'set', path: ['dashboards', d, 'widgets'], value: widgets }] };
}

export function setWidgetKind(app: App, d: number, w: number, entity: Entity, kind: DashboardWidgetKind): DraftChange {
  const widget = widgetAt(app, d, w);
  return { label: `Widget ${widget.name}: ${kind}`, patches: [setWidget(d, w, shapeFor(app, entity, widget, kind))] };
}

/** Another entity: settings naming the old entity's fields are dropped; the kind stays if it can. */
export function setWidgetEntity(app: App, d: number, w: number, entity: Entity): DraftChange {
  const widget = widgetAt(app, d, w);
  const kind = kindsFor(app, entity.name).includes(widget.kind) ? widget.kind : 'figure';
  const bare: DashboardWidget = { name: widget.name, label: widget.label, kind, entity: entity.name, ...(widget.size ? { size: widget.size } : {}) };
  return { label: `Widget ${widget.name}: over ${entity.name}`, patches: [setWidget(d, w, shapeFor(app, entity, bare, kind))] };
}

export function setWidgetMetric(app: App, d: number, w: number, entity: Entity, op: MetricOp, field?: string): DraftChange {
  const widget = widgetAt(app, d, w);
  const numeric = widgetFieldChoices(entity).numeric;
  const metric = op === 'count' ? { op } : { op, field: field !== undefined && numeric.includes(field) ? field : (numeric[0] ?? '') };
  return { label: `Widget ${widget.name}: ${op}`, patches: [setWidget(d, w, { ...widget, metric })] };
}

export function setWidgetGroupBy(app: App, d: number, w: number, entity: Entity, groupBy: string): DraftChange {
  const widget = widgetAt(app, d, w);
  const dated = widgetFieldChoices(entity).dates.includes(groupBy);
  const { dateBucket: _dropped, ...rest } = widget;
  return { label: `Widget ${widget.name}: by ${groupBy}`, patches: [setWidget(d, w, { ...rest, groupBy, ...(dated ? { dateBucket: widget.dateBucket ?? 'month' } : {}) })] };
}

type Setting = 'label' | 'dateBucket' | 'pipeline' | 'fields' | 'sort' | 'limit' | 'size' | 'filter' | 'period';

/** One setting as chosen from the lists the designer offers; undefined removes it. */
export function setWidgetSetting<K extends Setting>(app: App, d: number, w: number, key: K, value: DashboardWidget[K] | undefined): DraftChange {
  const widget = widgetAt(app, d, w);
  return { label: `Widget ${widget.name}: ${key}`, patches: [{ op: 'set', path: ['dashboards', d, 'widgets', w, key], value }] };
}

/** The filter as the condition editor emits it (checked by the condition language, issues beside the widget); null/undefined removes it. */
export function setWidgetFilter(app: App, d: number, w: number, condition: unknown): DraftChange {
  const widget = widgetAt(app, d, w);
  return { label: `Widget ${widget.name}: filter`, patches: [{ op: 'set', path: ['dashboards', d, 'widgets', w, 'filter'], value: condition ?? undefined }] };
}
