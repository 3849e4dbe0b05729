import type { SqlFragment } from '../access/index.js';
import { enumValuesOf } from '../exchange/field-labels.catalog.js';
import { loadGroupLabels, type Label } from './group-labels.loader.js';
import { groupColumn, metricColumn, type GroupColumn } from './report-fields.resolver.js';
import type { DateBucket, MetricSpec } from './report-query.parser.js';
import type { ReportSubject } from './report-scope.js';

/*
 * GET /api/reports/:entity/aggregate: counts, sums, averages, minimums and maximums over the
 * caller's readable records, grouped by up to two fields, in ONE grouped query (plus one for the
 * totals), both over report-scope's WHERE. Groups come ordered by their keys (enum values in their
 * definition order), at most `limit` of them; `truncated` says when there were more.
 */

export interface AggregateQuery {
  groupBy: string[];
  metrics: MetricSpec[];
  dateBucket: DateBucket;
  limit: number;
}

export interface AggregateGroup {
  keys: Record<string, unknown>;
  labels: Record<string, Label>;
  values: Record<string, number | string | null>;
}

export interface AggregateReport {
  entity: string;
  groupBy: Array<{ field: string; kind: string; bucket: DateBucket | null }>;
  metrics: string[];
  groups: AggregateGroup[];
  totals: Record<string, number | string | null>;
  truncated: boolean;
  /** The relative period counted ([from, to) dates), so a chart can show its empty buckets; null without one. */
  period: ReportSubject['period'];
}

const KEY = '__g';
const METRIC = '__m';

function joined(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(separator), bindings: parts.flatMap((p) => p.bindings) };
}

function metricValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

/** Enum groups in the order of the field's options (pipeline stages in pipeline order). */
function enumRank(subject: ReportSubject, column: GroupColumn): ((key: unknown) => number) | null {
  if (column.kind !== 'enum' || !column.definition) return null;
  const order = new Map((enumValuesOf(subject.model.app, subject.model.name, column.definition) ?? []).map((v, i) => [v.value, i]));
  return (key) => (typeof key === 'string' ? (order.get(key) ?? order.size) : order.size + 1);
}

/**
 * The groups with enum keys in definition order; other keys keep the SQL order (ascending). Rows
 * arrive sorted by the first key, then the second, so ties on the first keep the second's order.
 */
function inDefinitionOrder(subject: ReportSubject, columns: readonly GroupColumn[], groups: readonly AggregateGroup[]): AggregateGroup[] {
  const ranks = columns.map((c) => enumRank(subject, c));
  if (ranks.every((r) => r === null)) return [...groups];
  const [first] = columns;
  const firstSeen = new Map<string, number>();
  groups.forEach((g, i) => {
    const text = JSON.stringify(g.keys[first?.field ?? ''] ?? null);
    if (!firstSeen.has(text)) firstSeen.set(text, i);
  });
  const indexed = groups.map((group, index) => ({ group, index }));
  indexed.sort((a, b) => {
    for (const [i, column] of columns.entries()) {
      const rank = ranks[i];
      const x = a.group.keys[column.field] ?? null;
      const y = b.group.keys[column.field] ?? null;
      const d = rank ? rank(x) - rank(y) : i === 0 ? (firstSeen.get(JSON.stringify(x)) ?? 0) - (firstSeen.get(JSON.stringify(y)) ?? 0) : a.index - b.index;
      if (d !== 0) return d;
    }
    return a.index - b.index;
  });
  return indexed.map((i) => i.group);
}

export async function aggregateReport(subject: ReportSubject, query: AggregateQuery): Promise<AggregateReport> {
  const { db, model, access, policy, where } = subject;
  const groups = query.groupBy.map((name) => groupColumn(model, access, name, query.dateBucket));
  const metrics = query.metrics.map((spec) => metricColumn(model, access, spec));
  const selectMetrics = joined(
    metrics.map((m, i) => ({ sql: `${m.expr.sql} AS ??`, bindings: [...m.expr.bindings, `${METRIC}${i}`] })),
    ', ',
  );

  const totalsResult: { rows: Array<Record<string, unknown>> } = await db.raw(`SELECT ${selectMetrics.sql} FROM ?? WHERE ${where.sql}`, [
    ...selectMetrics.bindings,
    model.table,
    ...where.bindings,
  ]);
  const [totalsRow] = totalsResult.rows;
  const totals: Record<string, number | string | null> = {};
  metrics.forEach((m, i) => {
    totals[m.name] = metricValue(totalsRow?.[`${METRIC}${i}`]);
  });

  let rows: Array<Record<string, unknown>> = [];
  if (groups.length > 0) {
    const selectKeys = joined(
      groups.map((g, i) => ({ sql: `${g.expr.sql} AS ??`, bindings: [...g.expr.bindings, `${KEY}${i}`] })),
      ', ',
    );
    const positions = groups.map((_, i) => String(i + 1)).join(', ');
    const order = groups.map((_, i) => `${i + 1} ASC NULLS LAST`).join(', ');
    const sql = `SELECT ${selectKeys.sql}, ${selectMetrics.sql} FROM ?? WHERE ${where.sql} GROUP BY ${positions} ORDER BY ${order} LIMIT ?`;
    const result: { rows: Array<Record<string, unknown>> } = await db.raw(sql, [...selectKeys.bindings, ...selectMetrics.bindings, model.table, ...where.bindings, query.limit + 1]);
    rows = result.rows;
  }
  const truncated = rows.length > query.limit;
  rows = rows.slice(0, query.limit);

  const labelers = await Promise.all(
    groups.map((g, i) =>
      loadGroupLabels(
        db,
        model,
        policy,
        g,
        rows.map((r) => r[`${KEY}${i}`]),
      ),
    ),
  );
  const out: AggregateGroup[] = rows.map((row) => {
    const keys: Record<string, unknown> = {};
    const labels: Record<string, Label> = {};
    const values: Record<string, number | string | null> = {};
    groups.forEach((g, i) => {
      const key = row[`${KEY}${i}`] ?? null;
      keys[g.field] = key;
      labels[g.field] = labelers[i]?.(key) ?? null;
    });
    metrics.forEach((m, i) => {
      values[m.name] = metricValue(row[`${METRIC}${i}`]);
    });
    return { keys, labels, values };
  });
  return {
    entity: model.name,
    groupBy: groups.map((g) => ({ field: g.field, kind: g.kind, bucket: g.bucket })),
    metrics: metrics.map((m) => m.name),
    groups: inDefinitionOrder(subject, groups, out),
    totals,
    truncated,
    period: subject.period,
  };
}
