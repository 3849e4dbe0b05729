import type { Dashboard, DashboardWidget, Entity } from '../../generated/definition.types.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { conditionIssues } from './condition.rules.js';
import { DATE_WORDS, dashboardMessages as d, dashboardWords, NUMBER_WORDS } from './dashboard-issue.messages.js';
import { DATE_TYPES, GROUPABLE_TYPES, GROUPED_KINDS, NUMERIC_TYPES, widgetFieldType } from './dashboard-fields.rules.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import type { Words } from './subject.words.js';

/*
 * Dashboards: names unique, roles that exist, and each widget answerable by the reports API — an
 * entity that exists; a metric over a number field; a groupBy the aggregate can group on; a funnel
 * over a pipeline of the widget's entity; a table with columns; a filter in the condition language;
 * a period on a date field; and no setting the widget's kind would silently ignore.
 */

interface WidgetSite {
  ctx: RuleContext;
  widget: DashboardWidget;
  entity: Entity;
  at: string;
  where: Words;
}

/** `name` on the widget's entity, typed one of `types`; issues otherwise. */
function typedField(site: WidgetSite, name: string, pointer: string, types: readonly string[], expected: LocalizedMessage): DefinitionIssue[] {
  const type = widgetFieldType(site.entity, name);
  if (type === undefined) return [issue('UNKNOWN_FIELD', pointer, m.unknownField(site.where, site.entity.name, name))];
  if (types.includes(type)) return [];
  return [issue('WRONG_FIELD_TYPE', pointer, m.wrongFieldType(site.where, site.entity.name, name, type, expected))];
}

function knownField(site: WidgetSite, name: string, pointer: string): DefinitionIssue[] {
  if (widgetFieldType(site.entity, name) !== undefined || name === 'id') return [];
  return [issue('UNKNOWN_FIELD', pointer, m.unknownField(site.where, site.entity.name, name))];
}

function metricIssues(site: WidgetSite): DefinitionIssue[] {
  const { widget, at, where } = site;
  const metric = widget.metric;
  if (!metric) return [];
  const pointer = joinPointer(at, 'metric');
  if (widget.kind === 'funnel' && metric.op !== 'count' && metric.op !== 'sum') return [issue('WRONG_METRIC', joinPointer(pointer, 'op'), d.funnelMetric(where, metric.op))];
  if (metric.op === 'count') return metric.field === undefined ? [] : [issue('UNUSED_SETTING', joinPointer(pointer, 'field'), d.countTakesNoField(where))];
  if (metric.field === undefined) return [issue('MISSING_CONFIG', pointer, d.needsMetricField(where, metric.op))];
  return typedField(site, metric.field, joinPointer(pointer, 'field'), NUMERIC_TYPES, NUMBER_WORDS);
}

function groupIssues(site: WidgetSite): DefinitionIssue[] {
  const { widget, entity, at, where } = site;
  const grouped = GROUPED_KINDS.includes(widget.kind);
  if (widget.groupBy === undefined) {
    const issues = grouped ? [issue('MISSING_CONFIG', at, d.needsGroupBy(where, widget.kind))] : [];
    if (widget.dateBucket !== undefined) issues.push(issue('UNUSED_SETTING', joinPointer(at, 'dateBucket'), d.bucketWithoutDate(where)));
    return issues;
  }
  const pointer = joinPointer(at, 'groupBy');
  if (!grouped) return [issue('UNUSED_SETTING', pointer, d.unusedSetting(where, 'groupBy', widget.kind))];
  const type = widgetFieldType(entity, widget.groupBy);
  if (type === undefined) return [issue('UNKNOWN_FIELD', pointer, m.unknownField(where, entity.name, widget.groupBy))];
  if (!GROUPABLE_TYPES.includes(type)) return [issue('NOT_GROUPABLE', pointer, d.notGroupable(where, entity.name, widget.groupBy, type))];
  if (widget.dateBucket !== undefined && !DATE_TYPES.includes(type)) return [issue('UNUSED_SETTING', joinPointer(at, 'dateBucket'), d.bucketWithoutDate(where))];
  return [];
}

function funnelIssues(site: WidgetSite): DefinitionIssue[] {
  const { ctx, widget, at, where } = site;
  if (widget.kind !== 'funnel') {
    return widget.pipeline === undefined ? [] : [issue('UNUSED_SETTING', joinPointer(at, 'pipeline'), d.unusedSetting(where, 'pipeline', widget.kind))];
  }
  if (widget.pipeline === undefined) return [issue('MISSING_CONFIG', at, d.needsPipeline(where))];
  const pointer = joinPointer(at, 'pipeline');
  const pipeline = ctx.catalog.pipeline(widget.pipeline);
  if (!pipeline) return [issue('UNKNOWN_PIPELINE', pointer, m.unknownPipeline(where, widget.pipeline))];
  if (pipeline.entity !== widget.entity) return [issue('PIPELINE_ENTITY_MISMATCH', pointer, m.pipelineEntityMismatch(where, pipeline.name, pipeline.entity, widget.entity))];
  return [];
}

function tableIssues(site: WidgetSite): DefinitionIssue[] {
  const { widget, at, where } = site;
  const issues: DefinitionIssue[] = [];
  if (widget.kind !== 'table') {
    for (const setting of ['fields', 'sort'] as const) {
      if (widget[setting] !== undefined) issues.push(issue('UNUSED_SETTING', joinPointer(at, setting), d.unusedSetting(where, setting, widget.kind)));
    }
    if (widget.limit !== undefined && widget.kind !== 'bar' && widget.kind !== 'pie') issues.push(issue('UNUSED_SETTING', joinPointer(at, 'limit'), d.unusedSetting(where, 'limit', widget.kind)));
    return issues;
  }
  if (widget.metric !== undefined) issues.push(issue('UNUSED_SETTING', joinPointer(at, 'metric'), d.unusedSetting(where, 'metric', widget.kind)));
  if (widget.period !== undefined) issues.push(issue('UNUSED_SETTING', joinPointer(at, 'period'), d.unusedSetting(where, 'period', widget.kind)));
  if (widget.fields === undefined) issues.push(issue('MISSING_CONFIG', at, d.needsFields(where)));
  (widget.fields ?? []).forEach((field, k) => issues.push(...knownField(site, field, joinPointer(at, 'fields', k))));
  (widget.sort ?? []).forEach((key, k) => issues.push(...knownField(site, key.field, joinPointer(at, 'sort', k, 'field'))));
  return issues;
}

function widgetIssues(ctx: RuleContext, dashboard: Dashboard, widget: DashboardWidget, at: string): DefinitionIssue[] {
  const where = dashboardWords.widget(dashboard.name, widget.name);
  const entity = ctx.catalog.entity(widget.entity);
  if (!entity) return [issue('UNKNOWN_ENTITY', joinPointer(at, 'entity'), m.unknownEntity(where, widget.entity))];
  const site: WidgetSite = { ctx, widget, entity, at, where };
  const issues = [...metricIssues(site), ...groupIssues(site), ...funnelIssues(site), ...tableIssues(site)];
  if (widget.period !== undefined && widget.kind !== 'table') {
    issues.push(...typedField(site, widget.period.field, joinPointer(at, 'period', 'field'), DATE_TYPES, DATE_WORDS));
  }
  issues.push(
    ...conditionIssues(ctx, widget.filter, { pointer: joinPointer(at, 'filter'), entity: widget.entity, allowTriggerOps: false, words: dashboardWords.filter(dashboard.name, widget.name) }),
  );
  return issues;
}

export function checkDashboards(ctx: RuleContext): DefinitionIssue[] {
  const dashboards = ctx.app.dashboards ?? [];
  const repeated = new Set(repeatedNames(dashboards, (b) => b.name).map((r) => r.index));
  return dashboards.flatMap((dashboard, i) => {
    const at = joinPointer('', 'dashboards', i);
    const issues: DefinitionIssue[] = [];
    if (repeated.has(i)) issues.push(issue('DUPLICATE_NAME', joinPointer(at, 'name'), d.duplicateDashboard(dashboard.name)));
    (dashboard.roles ?? []).forEach((role, k) => {
      if (!ctx.catalog.role(role)) issues.push(issue('UNKNOWN_ROLE', joinPointer(at, 'roles', k), m.unknownRole(dashboardWords.dashboard(dashboard.name), role)));
    });
    const repeatedWidgets = new Set(repeatedNames(dashboard.widgets, (w) => w.name).map((r) => r.index));
    dashboard.widgets.forEach((widget, k) => {
      const widgetAt = joinPointer(at, 'widgets', k);
      if (repeatedWidgets.has(k)) issues.push(issue('DUPLICATE_NAME', joinPointer(widgetAt, 'name'), d.duplicateWidget(dashboard.name, widget.name)));
      issues.push(...widgetIssues(ctx, dashboard, widget, widgetAt));
    });
    return issues;
  });
}
