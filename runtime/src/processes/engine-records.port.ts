import { compileConditionToSql, type App } from '@crm/schemas';
import { stepError, type EngineRecord, type ProcessActor, type RecordsPort } from '@crm/engine';
import type { Knex } from 'knex';
import { isAppError } from '../errors/index.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { createRecordService, isUuid } from '../records/index.js';
import type { BeforeSaveHook, RecordCaller, RecordEventSink, RecordService, StoredRecord } from '../records/index.js';
import { linkTable, recordTable } from '../storage/storage.naming.js';
import { toStepFailure } from './step-failure.mapper.js';

/*
 * The engine's records port: process writes go through the same records service as people's
 * (validation, pipeline rules, history, the outbox), with the process as the caller, so a
 * process's write can trigger other processes one level deeper. The service always uses the LIVE
 * definition (tables follow it), while the process graph itself stays pinned to its version.
 */

export interface RecordSeams {
  hooks: readonly BeforeSaveHook[];
  events: RecordEventSink;
}

function callerOf(actor: ProcessActor): RecordCaller {
  return {
    user: actor.user,
    process: { name: actor.process, ...(actor.runId ? { runId: actor.runId } : {}), depth: actor.depth, actAs: actor.actAs },
  };
}

async function liveApp(definitions: LiveDefinitionSource, db: Knex): Promise<App> {
  const live = await definitions.getLive(db);
  if (!live) throw stepError('NO_DEFINITION', 'No app definition is published.');
  return live.app;
}

function entityField(app: App, entity: string, field: string) {
  return app.entities.find((e) => e.name === entity)?.fields.find((f) => f.name === field);
}

/** How a date trigger's field holds its value, or null when it is not a date (system instants included). */
function dateFieldKind(app: App, entity: string, field: string): 'date' | 'datetime' | null {
  if (!app.entities.some((e) => e.name === entity)) return null;
  if (field === 'created_at' || field === 'updated_at') return 'datetime';
  const definition = entityField(app, entity, field);
  if (definition?.type === 'date' || definition?.type === 'datetime') return definition.type;
  if (definition?.type === 'formula' && definition.resultType === 'date') return 'date';
  return null;
}

function filterSql(app: App, entity: string, alias: string, filter: unknown, now: Date): { sql: string; bindings: Array<string | number | boolean> } {
  if (filter === undefined || filter === null) return { sql: 'TRUE', bindings: [] };
  const compiled = compileConditionToSql(filter, { app, entity, alias, now });
  if (!compiled.ok) throw stepError('INVALID_CONDITION', `The condition on ${entity} does not check: ${compiled.issues.map((i) => i.message.en).join('; ')}`);
  return { sql: compiled.sql, bindings: compiled.bindings };
}

export function createEngineRecordsPort(definitions: LiveDefinitionSource, seams: () => RecordSeams): RecordsPort {
  // The stored record behind each record this port answered, by the answered object: a run that
  // updates the record it read hands that object back, and the update is sent on the stored copy
  // without reading the row again (WriteOptions.readCopy). The engine never sees the copy itself.
  const storedCopies = new WeakMap<object, StoredRecord>();
  const keepStoredCopy = (answered: StoredRecord, stored: StoredRecord): void => {
    storedCopies.set(answered, stored);
  };

  async function service(actor: ProcessActor): Promise<RecordService> {
    const live = await definitions.getLive(actor.db);
    if (!live) throw stepError('NO_DEFINITION', 'No app definition is published.');
    return createRecordService({ db: actor.db, app: live.app, version: live.version, caller: callerOf(actor), undoneByCaller: actor.undoneWithStep === true, keepStoredCopy, ...seams() });
  }

  async function mapped<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStepFailure(error);
    }
  }

  return {
    async get(actor, entity, id): Promise<EngineRecord | null> {
      if (!isUuid(id)) return null;
      try {
        return await (await service(actor)).get(entity, id);
      } catch (error) {
        if (isAppError(error) && error.status === 404) return null;
        throw toStepFailure(error);
      }
    },
    async getMany(actor, entity, ids) {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return new Map();
      return mapped(async () => new Map((await (await service(actor)).getMany(entity, valid)).map((record) => [record.id, record])));
    },
    create: (actor, entity, values) => mapped(async () => (await service(actor)).create(entity, values)),
    update: (actor, entity, id, values, readCopy) =>
      mapped(async () => {
        const stored = readCopy ? storedCopies.get(readCopy) : undefined;
        return (await service(actor)).update(entity, id, values, stored ? { readCopy: stored } : {});
      }),
    list: (actor, entity, query) =>
      mapped(async () => {
        const page = await (await service(actor)).list(entity, {
          filter: query.filter ?? null,
          sort: query.sort ?? [],
          limit: Math.max(1, Math.min(500, query.limit ?? 50)),
          cursor: null,
          q: null,
          expand: [],
          count: false,
          deleted: 'exclude',
        });
        return page.data;
      }),

    async countByOwner(actor, entity, ownerIds, filter) {
      const counts = new Map<string, number>();
      if (ownerIds.length === 0) return counts;
      const app = await liveApp(definitions, actor.db);
      const table = recordTable(entity);
      const where = filterSql(app, entity, table, filter, new Date());
      const rows: Array<{ owner: string; n: number }> = await actor.db(table)
        .select('owner')
        .count({ n: '*' })
        .whereNull('deleted_at')
        .whereIn('owner', [...ownerIds])
        .whereRaw(where.sql, where.bindings)
        .groupBy('owner');
      for (const row of rows) counts.set(row.owner, Number(row.n));
      return counts;
    },

    async relatedIds(actor, entity, recordId, relation, filter, limit) {
      const app = await liveApp(definitions, actor.db);
      const field = entityField(app, entity, relation);
      if (field?.type !== 'relation') throw stepError('NOT_A_RELATION', `${entity}.${relation} is not a relation.`);
      const target = recordTable(field.target);
      const where = filterSql(app, field.target, target, filter, new Date());
      const cardinality = field.cardinality ?? 'many-to-one';
      let query: Knex.QueryBuilder;
      if (cardinality === 'one-to-many' && field.inverse) {
        query = actor.db(target).select(`${target}.id`).where(`${target}.${field.inverse}`, recordId);
      } else if (cardinality === 'many-to-many') {
        const link = linkTable(entity, relation);
        query = actor.db(target).select(`${target}.id`).join(link, `${link}.target_id`, `${target}.id`).where(`${link}.source_id`, recordId);
      } else {
        throw stepError('NOT_A_RELATION', `${entity}.${relation} leads to one record, not to a list of them.`);
      }
      const rows: Array<{ id: string }> = await query
        .whereNull(`${target}.deleted_at`)
        .whereRaw(where.sql, where.bindings)
        .orderBy([`${target}.created_at`, `${target}.id`])
        .limit(limit);
      return { entity: field.target, ids: rows.map((r) => r.id) };
    },

    async dueByDate(actor, entity, query) {
      const app = await liveApp(definitions, actor.db);
      const kind = dateFieldKind(app, entity, query.field);
      if (!kind) throw stepError('NOT_A_DATE_FIELD', `${entity}.${query.field} is not a date or datetime field.`);
      const table = recordTable(entity);
      const column = `${table}.${query.field}`;
      const where = filterSql(app, entity, table, query.condition, query.now);
      // The candidate values narrow on the field's own column (btree-indexed when the field is `indexed`).
      let select = actor.db(table)
        .select(`${table}.id`, `${table}.version`, `${table}.owner`, column)
        .whereNull(`${table}.deleted_at`)
        .whereNotNull(column)
        .whereRaw(where.sql, where.bindings);
      if (query.dates) select = query.dates.length > 0 ? select.whereIn(column, query.dates) : select.whereRaw('FALSE');
      if (query.between) select = select.whereBetween(column, [query.between.from, query.between.to]);
      if (query.monthDays) {
        const placeholders = query.monthDays.map(() => '?').join(', ');
        if (query.monthDays.length === 0) select = select.whereRaw('FALSE');
        else if (kind === 'datetime') select = select.whereRaw(`to_char(?? AT TIME ZONE ?, 'MM-DD') IN (${placeholders})`, [column, query.timeZone, ...query.monthDays]);
        else select = select.whereRaw(`to_char(??, 'MM-DD') IN (${placeholders})`, [column, ...query.monthDays]);
      }
      if (query.afterId !== null) select = select.where(`${table}.id`, '>', query.afterId);
      const rows: EngineRecord[] = await select.orderBy(`${table}.id`).limit(Math.max(1, Math.min(1000, query.limit)));
      return rows;
    },
  };
}
