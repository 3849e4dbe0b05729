import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { NotFoundError, type AppError } from '../errors/index.js';
import { defaultBeforeSaveHooks, type BeforeSaveHook } from './before-save.hooks.js';
import { discardingEventSink, type RecordEventSink } from './record-events.outbox.js';
import { diffRecords } from './record-changes.differ.js';
import { appTimezone, withDefaults } from './record-defaults.resolver.js';
import { requireEntityModel, type RecordEntityModel } from './record-entity.model.js';
import { expandRecords, planExpand } from './record-expand.loader.js';
import { readHistory, type HistoryItem } from './record-history.reader.js';
import { writeHistory } from './record-history.writer.js';
import { validateRecordInput } from './record-input.validator.js';
import { listRecords, type ListPage } from './record-list.query.js';
import type { ListQuery } from './list-query.parser.js';
import { signedInAuthorizer, type RecordAuthorizer, type RecordOperation } from './record.authorizer.js';
import { toColumnValues } from './record-row.mapper.js';
import {
  findRecord,
  insertRecord,
  replaceLinks,
  setDeletedVersioned,
  updateRecordVersioned,
  type WriteStamp,
} from './record.repository.js';
import type { FieldChange, RecordAction, RecordCaller, RecordValues, StoredRecord } from './record.types.js';
import { checkIfMatch, prepareSave, versionConflict } from './record-write.steps.js';
import { uniqueViolationConflict } from './unique-violation.mapper.js';

/*
 * One generic service for the records of every entity, created per request with the caller and a
 * knex handle that may itself be a transaction (writes then nest as savepoints). Each operation is
 * the same pipeline of small steps:
 *
 *   validate -> authorize -> [transaction: before-save hooks -> formulas -> rules -> references
 *   -> write (row, links) -> history -> outbox]
 *
 * Everything inside the transaction uses only its handle: PGlite has one connection, so touching
 * the outer handle there would wait forever.
 */

export interface RecordServiceDeps {
  db: Knex;
  app: App;
  caller: RecordCaller;
  authorizer?: RecordAuthorizer;
  hooks?: readonly BeforeSaveHook[];
  events?: RecordEventSink;
  clock?: () => Date;
}

export interface ReadOptions {
  includeDeleted?: boolean;
  expand?: readonly string[];
}

export interface WriteOptions {
  /** Versions named by If-Match; null for no condition. */
  ifMatch?: readonly number[] | null;
}

export interface RecordService {
  create(entity: string, input: unknown): Promise<StoredRecord>;
  get(entity: string, id: string, options?: ReadOptions): Promise<StoredRecord>;
  update(entity: string, id: string, input: unknown, options?: WriteOptions): Promise<StoredRecord>;
  remove(entity: string, id: string, options?: WriteOptions): Promise<void>;
  restore(entity: string, id: string, options?: WriteOptions): Promise<StoredRecord>;
  list(entity: string, query: ListQuery): Promise<ListPage>;
  history(entity: string, id: string): Promise<HistoryItem[]>;
}

function recordNotFound(model: RecordEntityModel, id: string): AppError {
  return NotFoundError.create(`There is no ${model.name} record ${id}.`, [
    { field: 'id', code: 'NOT_FOUND', message: `There is no ${model.name} record ${id}.`, message_ru: `Записи «${model.name}» ${id} нет.` },
  ]);
}

export function createRecordService(deps: RecordServiceDeps): RecordService {
  const { db, app, caller } = deps;
  const authorizer = deps.authorizer ?? signedInAuthorizer;
  const hooks = deps.hooks ?? defaultBeforeSaveHooks;
  const events = deps.events ?? discardingEventSink;
  const clock = deps.clock ?? (() => new Date());
  const stamp: WriteStamp = { userId: caller.user?.id ?? null };

  async function authorize(operation: RecordOperation, model: RecordEntityModel, handle: Knex, extra: { record?: StoredRecord; values?: RecordValues } = {}) {
    await authorizer.authorize({ operation, db: handle, model, caller, ...extra });
  }

  /** Runs a write in a transaction; a unique index refusing it becomes a 409 naming the field. */
  async function write<T>(model: RecordEntityModel, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(work);
    } catch (error) {
      throw uniqueViolationConflict(model, error) ?? error;
    }
  }

  async function record(trx: Knex, model: RecordEntityModel, id: string): Promise<StoredRecord> {
    const stored = await findRecord(trx, model, id, { includeDeleted: true });
    if (!stored) throw new Error(`${model.table} ${id} vanished inside its own write`);
    return stored;
  }

  async function finish(
    trx: Knex.Transaction,
    model: RecordEntityModel,
    action: RecordAction,
    before: StoredRecord | null,
    after: StoredRecord,
    changes: readonly FieldChange[],
  ): Promise<StoredRecord> {
    await writeHistory(trx, { entity: model.name, recordId: after.id, version: after.version, action, changes, caller });
    await events.recordWritten(trx, { entity: model.name, action, recordId: after.id, version: after.version, before, after, changes, caller });
    return after;
  }

  async function writeLinks(trx: Knex, model: RecordEntityModel, id: string, values: RecordValues, names: ReadonlySet<string> | null): Promise<void> {
    for (const link of model.links) {
      if (names !== null && !names.has(link.field.name)) continue;
      const value = values[link.field.name];
      const ids = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      if (names === null && ids.length === 0) continue;
      await replaceLinks(trx, link, id, ids);
    }
  }

  async function setDeleted(model: RecordEntityModel, id: string, deleted: boolean, options: WriteOptions): Promise<StoredRecord> {
    const operation = deleted ? 'delete' : 'restore';
    return write(model, async (trx) => {
      const before = await findRecord(trx, model, id, { includeDeleted: !deleted, forUpdate: true });
      if (!before) throw recordNotFound(model, id);
      if (!deleted && before.deleted_at === null) return before;
      checkIfMatch(model, before, options.ifMatch ?? null);
      await authorize(operation, model, trx, { record: before });
      if (!(await setDeletedVersioned(trx, model, id, before.version, deleted, stamp))) throw versionConflict(model, id, before.version);
      const after = await record(trx, model, id);
      return finish(trx, model, operation, before, after, [{ field: 'deleted_at', old: before.deleted_at, new: after.deleted_at }]);
    });
  }

  return {
    async create(entity, input) {
      const model = requireEntityModel(app, entity);
      const defaults = { userId: caller.user?.id ?? null, now: clock(), timezone: appTimezone(model) };
      const values = validateRecordInput(model, 'create', withDefaults(model, input, defaults));
      await authorize('create', model, db, { values });
      return write(model, async (trx) => {
        const after: RecordValues = { owner: caller.user?.id ?? null, ...values };
        await prepareSave({ trx, model, hooks, action: 'create', before: null, after, caller });
        const id = await insertRecord(trx, model, after, stamp);
        await writeLinks(trx, model, id, after, null);
        const stored = await record(trx, model, id);
        return finish(trx, model, 'create', null, stored, diffRecords(model, null, stored));
      });
    },

    async get(entity, id, options = {}) {
      const model = requireEntityModel(app, entity);
      const plan = planExpand(model, options.expand ?? []);
      const stored = await findRecord(db, model, id, { includeDeleted: options.includeDeleted === true });
      if (!stored) throw recordNotFound(model, id);
      await authorize('read', model, db, { record: stored });
      await expandRecords(db, [stored], plan);
      return stored;
    },

    async update(entity, id, input, options = {}) {
      const model = requireEntityModel(app, entity);
      const values = validateRecordInput(model, 'update', input);
      return write(model, async (trx) => {
        const before = await findRecord(trx, model, id, { forUpdate: true });
        if (!before) throw recordNotFound(model, id);
        checkIfMatch(model, before, options.ifMatch ?? null);
        await authorize('update', model, trx, { record: before, values });
        const after: RecordValues = { ...before, ...values };
        await prepareSave({ trx, model, hooks, action: 'update', before, after, caller });
        const changes = diffRecords(model, before, after);
        // Nothing to change: no new version, no history entry.
        if (changes.length === 0) return before;
        const changed = new Set(changes.map((c) => c.field));
        const columns = toColumnValues(model, after, changed);
        if (!(await updateRecordVersioned(trx, model, id, before.version, columns, stamp))) throw versionConflict(model, id, before.version);
        await writeLinks(trx, model, id, after, changed);
        const stored = await record(trx, model, id);
        const storedChanges = diffRecords(model, before, stored);
        return finish(trx, model, 'update', before, stored, storedChanges.length > 0 ? storedChanges : changes);
      });
    },

    async remove(entity, id, options = {}) {
      await setDeleted(requireEntityModel(app, entity), id, true, options);
    },

    async restore(entity, id, options = {}) {
      return setDeleted(requireEntityModel(app, entity), id, false, options);
    },

    async list(entity, query) {
      const model = requireEntityModel(app, entity);
      const plan = planExpand(model, query.expand);
      await authorize('list', model, db);
      const page = await listRecords(db, model, query, { user: caller.user, now: clock() });
      await expandRecords(db, page.data, plan);
      return page;
    },

    async history(entity, id) {
      const model = requireEntityModel(app, entity);
      const stored = await findRecord(db, model, id, { includeDeleted: true });
      if (!stored) throw recordNotFound(model, id);
      await authorize('history', model, db, { record: stored });
      return readHistory(db, model.name, id);
    },
  };
}
