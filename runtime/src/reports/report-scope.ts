import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { loadAccessPolicy, type AccessPolicy, type EntityAccess } from '../access/index.js';
import type { Actor } from '../people/user.types.js';
import { compileListFilter, operationForbidden, requireEntityModel } from '../records/index.js';
import type { RecordEntityModel } from '../records/index.js';
import type { SqlFragment } from '../access/index.js';
import { periodWhere, type PeriodParam, type PeriodWhere } from './report-period.resolver.js';

/*
 * The records a report counts, as one WHERE over rec_<entity>: not deleted, within the caller's
 * read scope (owner predicates and sharing rules, in the SQL), and matching the report's filter
 * (the condition language, checked like a list filter: a hidden field is refused exactly like one
 * that does not exist, and dot paths are guarded by the read scope of each record they pass).
 * A widget's relative period (report-period.resolver.ts) is one more condition of the WHERE.
 * Every number a report returns is computed over these rows only.
 */

export interface ReportSubject {
  db: Knex;
  model: RecordEntityModel;
  policy: AccessPolicy;
  access: EntityAccess;
  /** The rows counted, over the table under its own name. */
  where: SqlFragment;
  /** The relative period asked for, as dates; null without one. */
  period: PeriodWhere['bounds'] | null;
  now: Date;
}

export interface ReportRequest {
  db: Knex;
  app: App;
  actor: Actor;
  entity: string;
  filter: unknown;
  /** A relative period on a date field, on top of the filter. */
  period?: PeriodParam | null;
  now?: Date;
}

export async function reportSubject(request: ReportRequest): Promise<ReportSubject> {
  const now = request.now ?? new Date();
  const model = requireEntityModel(request.app, request.entity);
  const policy = await loadAccessPolicy(request.db, request.app, { user: request.actor }, { now });
  const access = policy.entity(model.name);
  if (!access.can('read')) throw operationForbidden(model, 'read');
  const readable = access.recordFilter('read', model.table);
  const parts: SqlFragment[] = [{ sql: '??.deleted_at IS NULL', bindings: [model.table] }, readable];
  const filter = compileListFilter(model, request.filter, { user: policy.conditionUser(), now, policy });
  if (filter) parts.push(filter);
  const period = request.period ? periodWhere(model, access, request.period, now) : null;
  if (period) parts.push(period.where);
  return {
    db: request.db,
    model,
    policy,
    access,
    where: { sql: parts.map((p) => `(${p.sql})`).join(' AND '), bindings: parts.flatMap((p) => p.bindings) },
    period: period?.bounds ?? null,
    now,
  };
}
