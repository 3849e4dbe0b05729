import crypto from 'node:crypto';
import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { LiveDefinition } from '../runtime.context.js';
import { loadAccessPolicy, type AccessOperation, type AccessPolicy, type EntityAccess } from '../access/index.js';
import { isAppError, UnauthorizedError } from '../errors/index.js';
import { defaultBeforeSaveHooks, type BeforeSaveHook } from './before-save.hooks.js';
import { discardingEventSink, type RecordEventSink } from './record-events.outbox.js';
import { diffRecords, sameChanges } from './record-changes.differ.js';
import { appTimezone, withDefaults } from './record-defaults.resolver.js';
import { requireEntityModel, type RecordEntityModel } from './record-entity.model.js';
import { expandRecords, planExpand } from './record-expand.loader.js';
import { readHistory, type HistoryItem } from './record-history.reader.js';
import { historyEntriesOf, historyInsertQuery, historyRewriteQueries, type HistoryEntry } from './record-history.writer.js';
import { insertRecordWithHistory, sendTogether, updateRecordWithHistory } from './record-save.statement.js';
import { listRecords, type ListPage } from './record-list.query.js';
import type { ListQuery } from './list-query.parser.js';
import { checkReadableReferences, hideUnreadableReferences, hideUnreadableReferencesInChanges, keepUnreadableLinks } from './readable-references.checker.js';
import { fieldsForbidden, operationForbidden, recordNotFound, requireWritable, validateCallerInput, visibleHistory, visibleRecord } from './record-access.guard.js';
import { toColumnValues } from './record-row.mapper.js';
import {
  findRecord,
  findRecordChecked,
  findLiveRecords,
  isUuid,
  withLinks,
  replaceLinks,
  setDeletedVersioned,
  type WriteStamp,
} from './record.repository.js';
import type { FieldChange, ReadOptions, RecordAction, RecordCaller, RecordValues, StoredRecord, WriteOptions } from './record.types.js';
import { checkIfMatch, prepareSave, versionConflict, type FieldAuthors } from './record-write.steps.js';
import { createNeedsTransaction, readCopyFor } from './record-write.shortcuts.js';
import { uniqueViolationConflict } from './unique-violation.mapper.js';
import { duplicateKeysOf, findDuplicateRecords, type DuplicateMatch } from '../duplicates/index.js';

/*
 * One generic service for the records of every entity, created per request with the caller and a
 * knex handle that may itself be a transaction (writes then nest as savepoints). Each operation is
 * the same pipeline of small steps:
 *
 *   authorize fields -> validate -> [transaction: lock + scope checks -> before-save hooks ->
 *   formulas -> rules -> references -> write (row, links) -> history -> outbox] -> redact
 *
 * A create mints its record's id, so the row, its links, its history and the before-save runs go
 * out as one statement (record-save.statement.ts); an update sends its row, history and before-save
 * runs as one too. When no hook writes anything of its own
 * (BeforeSaveHook.writesOnSave) and no file is attached, the checks and hooks run outside any
 * transaction (they only read); when then no listener has anything to write for the values about to
 * be stored (RecordEventSink.writesFor), that statement is the whole write, with no BEGIN and
 * COMMIT: a plain create is one round trip, a routed one the routing reads and this statement.
 * Otherwise the same steps run in a transaction.
 *
 * Access (../access): the caller's policy is loaded once per service, outside any transaction.
 * Reads apply the read scope inside their SQL; a record outside it answers 404 like a missing one.
 * Writes are refused (403 naming the fields or the operation) before anything is written; checks
 * on the stored record run on the locked row inside the transaction, so a refusal rolls back.
 * What before-save processes change is theirs, not the caller's, so only the caller's input is
 * checked against the caller's field access. Every record that leaves is redacted.
 *
 * Everything inside the transaction uses only its handle: PGlite has one connection, so touching
 * the outer handle there would wait forever.
 */

export interface RecordServiceDeps {
  db: Knex;
  app: App;
  caller: RecordCaller;
  /** The caller's access policy; loaded from `db` on first use when not given. */
  policy?: AccessPolicy;
  hooks?: readonly BeforeSaveHook[];
  events?: RecordEventSink;
  clock?: () => Date;
  /** The live definition `app` is, with its version: it goes into the save and write events (the engine's runs name it). */
  version?: number;
  /**
   * When `db` is a transaction: the caller rolls back all of it (or its own savepoint) if a write
   * here fails, so a write needs no savepoint of its own (a process step's write: two round trips
   * fewer). Otherwise a write inside a transaction nests as a savepoint, so a caller may catch its
   * failure and go on.
   */
  undoneByCaller?: boolean;
  /** Told the stored record (every field) behind each record get, getMany and update answer, for a later WriteOptions.readCopy. */
  keepStoredCopy?: (answered: StoredRecord, stored: StoredRecord) => void;
}

export interface RecordService {
  create(entity: string, input: unknown): Promise<StoredRecord>;
  get(entity: string, id: string, options?: ReadOptions): Promise<StoredRecord>;
  /** The records among `ids` that `get` would answer (readable, not deleted), in one query; the others are left out. */
  getMany(entity: string, ids: readonly string[]): Promise<StoredRecord[]>;
  update(entity: string, id: string, input: unknown, options?: WriteOptions): Promise<StoredRecord>;
  remove(entity: string, id: string, options?: WriteOptions): Promise<void>;
  restore(entity: string, id: string, options?: WriteOptions): Promise<StoredRecord>;
  list(entity: string, query: ListQuery): Promise<ListPage>;
  history(entity: string, id: string): Promise<HistoryItem[]>;
  /** Readable records sharing the record's normalised e-mail or phone (issue 15: reported on create). */
  duplicates(entity: string, record: StoredRecord): Promise<DuplicateMatch[]>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createRecordService(deps: RecordServiceDeps): RecordService {
  const { db, app, caller } = deps;
  const hooks = deps.hooks ?? defaultBeforeSaveHooks;
  const events = deps.events ?? discardingEventSink;
  const clock = deps.clock ?? (() => new Date());
  const live: LiveDefinition | null = deps.version === undefined ? null : { version: deps.version, app };
  const stamp: WriteStamp = { userId: caller.user?.id ?? null };
  // A definition's readOnly fields are set by processes acting as themselves (and by defaults) only.
  const readOnlyApplies = !(caller.process && caller.process.actAs !== 'user');

  let policy: Promise<AccessPolicy> | null = deps.policy ? Promise.resolve(deps.policy) : null;

  /** The caller's policy: 401 for a caller that is neither a person nor a process. Never call inside a transaction. */
  function accessPolicy(): Promise<AccessPolicy> {
    if (!caller.user && !caller.process) return Promise.reject(UnauthorizedError.create());
    policy ??= loadAccessPolicy(db, app, caller, { now: clock() });
    return policy;
  }

  async function entityAccess(model: RecordEntityModel): Promise<{ policy: AccessPolicy; access: EntityAccess }> {
    const loaded = await accessPolicy();
    return { policy: loaded, access: loaded.entity(model.name) };
  }

  /** 403 before any record is looked at: the same answer whether the record exists or not. */
  function requireOperation(model: RecordEntityModel, access: EntityAccess, op: AccessOperation): void {
    if (!access.can(op)) throw operationForbidden(model, op);
  }

  /** A unique index refusing the write becomes a 409 naming the field. */
  async function mapUnique<T>(model: RecordEntityModel, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw uniqueViolationConflict(model, error) ?? error;
    }
  }

  /** Runs a write in a transaction; a unique index refusing it becomes a 409 naming the field. */
  function write<T>(model: RecordEntityModel, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    if (deps.undoneByCaller && db.isTransaction) return mapUnique(model, () => work(db as Knex.Transaction));
    return mapUnique(model, () => db.transaction(work));
  }

  /** A record as it leaves: hidden fields removed, links to records the caller cannot read hidden. */
  async function shown(handle: Knex, model: RecordEntityModel, loaded: AccessPolicy, stored: StoredRecord): Promise<StoredRecord> {
    const out = visibleRecord(loaded.entity(model.name), stored);
    await hideUnreadableReferences(handle, model, loaded, [out]);
    return out;
  }

  async function record(trx: Knex, model: RecordEntityModel, id: string): Promise<StoredRecord> {
    const stored = await findRecord(trx, model, id, { includeDeleted: true });
    if (!stored) throw new Error(`${model.table} ${id} vanished inside its own write`);
    return stored;
  }

  /** The history rows of a write: the caller's changes, and each before-save run's as its own. */
  function historyEntries(model: RecordEntityModel, action: RecordAction, after: { id: string; version: number }, changes: readonly FieldChange[], authors: FieldAuthors): HistoryEntry[] {
    return historyEntriesOf({ entity: model.name, recordId: after.id, version: after.version, action }, changes, authors, caller);
  }

  async function finish(
    trx: Knex.Transaction,
    model: RecordEntityModel,
    action: RecordAction,
    before: StoredRecord | null,
    after: StoredRecord,
    changes: readonly FieldChange[],
    authors: FieldAuthors = new Map(),
    deferred: readonly Knex.QueryBuilder[] = [],
  ): Promise<StoredRecord> {
    await sendTogether(trx, [historyInsertQuery(trx, historyEntries(model, action, after, changes, authors)), ...deferred]);
    return announce(trx, model, action, before, after, changes);
  }

  /** Tells the listeners (the engine's runs and waits, webhooks) of a write whose rows are written. */
  async function announce(trx: Knex.Transaction, model: RecordEntityModel, action: RecordAction, before: StoredRecord | null, after: StoredRecord, changes: readonly FieldChange[], locked?: unknown): Promise<StoredRecord> {
    const event = { entity: model.name, action, recordId: after.id, version: after.version, before, after, changes, caller, live };
    await events.recordWritten(trx, locked === undefined ? event : { ...event, locked });
    return after;
  }

  /** The answered record, its stored copy handed to keepStoredCopy. */
  function kept(answered: StoredRecord, stored: StoredRecord): StoredRecord {
    deps.keepStoredCopy?.(answered, stored);
    return answered;
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
    const { policy: loaded, access } = await entityAccess(model);
    requireOperation(model, access, 'delete');
    const checks = { read: access.recordFilter('read', model.table), delete: access.recordFilter('delete', model.table) };
    return write(model, async (trx) => {
      const found = await findRecordChecked(trx, model, id, checks, { includeDeleted: !deleted, forUpdate: true });
      if (!found || !found.passes('read')) throw recordNotFound(model, id);
      const before = found.record;
      if (!found.passes('delete')) throw operationForbidden(model, operation, id);
      if (!deleted && before.deleted_at === null) return shown(trx, model, loaded, before);
      checkIfMatch(model, before, options.ifMatch ?? null);
      if (!(await setDeletedVersioned(trx, model, id, before.version, deleted, stamp))) throw versionConflict(model, id, before.version);
      const after = await record(trx, model, id);
      await finish(trx, model, operation, before, after, [{ field: 'deleted_at', old: before.deleted_at, new: after.deleted_at }]);
      return shown(trx, model, loaded, after);
    });
  }

  return {
    async create(entity, input) {
      const model = requireEntityModel(app, entity);
      const { policy: loaded, access } = await entityAccess(model);
      requireOperation(model, access, 'create');
      // The caller's own input only: defaults and before-save processes are not the caller's doing.
      if (isPlainObject(input)) requireWritable(model, access, access.refusedFields(input, { kind: 'create' }));
      const defaults = { userId: caller.user?.id ?? null, now: clock(), timezone: appTimezone(model) };
      const values = validateCallerInput(model, access, 'create', input, { readOnlyApplies, complete: (own) => withDefaults(model, own, defaults) });
      const owner = Object.hasOwn(values, 'owner') ? values['owner'] : (caller.user?.id ?? null);
      if (!(await access.allows('create', { owner }))) throw fieldsForbidden(model, ['owner']);
      const id = crypto.randomUUID();
      const prepare = async (handle: Knex) => {
        await checkReadableReferences(handle, model, loaded, null, values);
        const after: RecordValues = { owner: caller.user?.id ?? null, ...values };
        const deferred: Knex.QueryBuilder[] = [];
        const authors = await prepareSave({ trx: handle, model, live, recordId: id, defer: (s) => deferred.push(s), hooks, action: 'create', before: null, after, caller });
        return { after, authors, deferred };
      };
      const store = async (trx: Knex, prepared: Awaited<ReturnType<typeof prepare>>, listeners: Knex.Transaction | null): Promise<StoredRecord> => {
        const { after, authors, deferred } = prepared;
        // History from the values sent: the row is stored as they are (every column is written).
        const history = historyEntries(model, 'create', { id, version: 1 }, diffRecords(model, null, after), authors);
        const inserted = await insertRecordWithHistory(trx, { model, id, after, stamp, history, deferred });
        const [created = inserted] = await withLinks(trx, model, [inserted]);
        if (listeners) await events.recordWritten(listeners, { entity: model.name, action: 'create', recordId: id, version: created.version, before: null, after: created, changes: diffRecords(model, null, created), caller, live });
        return created;
      };
      let stored: StoredRecord;
      if (createNeedsTransaction(db, hooks, app, model, values)) {
        stored = await write(model, async (trx) => store(trx, await prepare(trx), trx));
      } else {
        // The checks and hooks read only: no transaction yet. Listeners with something to write
        // (after-save runs, webhooks) get one around the statement; otherwise it is the transaction.
        const prepared = await prepare(db);
        const sketch = { entity: model.name, action: 'create' as const, before: null, after: { id, ...prepared.after } };
        stored = (await (events.writesFor?.(db, app, sketch) ?? Promise.resolve(true)))
          ? await write(model, (trx) => store(trx, prepared, trx))
          : await mapUnique(model, () => store(db, prepared, null));
      }
      // The creator gets what they made even if a process routed it out of their read scope.
      return shown(db, model, loaded, stored);
    },

    async get(entity, id, options = {}) {
      const model = requireEntityModel(app, entity);
      const { policy: loaded, access } = await entityAccess(model);
      const plan = planExpand(model, options.expand ?? [], loaded);
      const stored = await findRecord(db, model, id, { includeDeleted: options.includeDeleted === true, filter: access.recordFilter('read', model.table) });
      if (!stored) throw recordNotFound(model, id);
      const out = kept(await shown(db, model, loaded, stored), stored);
      await expandRecords(db, [out], plan, loaded);
      return out;
    },

    async getMany(entity, ids) {
      const model = requireEntityModel(app, entity);
      const { policy: loaded, access } = await entityAccess(model);
      const found = await findLiveRecords(db, model, ids.filter(isUuid), access.recordFilter('read', model.table));
      const out = found.map((stored) => kept(visibleRecord(access, stored), stored));
      await hideUnreadableReferences(db, model, loaded, out);
      return out;
    },

    async update(entity, id, input, options = {}) {
      const model = requireEntityModel(app, entity);
      const { policy: loaded, access } = await entityAccess(model);
      requireOperation(model, access, 'update');
      // Everything but the owner is refused without looking at the record (the owner needs it).
      const { owner: _owner, ...withoutOwner } = isPlainObject(input) ? input : {};
      requireWritable(model, access, access.refusedFields(withoutOwner, { kind: 'update', before: {} }));
      const values = validateCallerInput(model, access, 'update', input, { readOnlyApplies });
      const checks = { read: access.recordFilter('read', model.table), update: access.recordFilter('update', model.table) };
      let copySent = false;
      /** The update onto `before`; null when the row was not updated (on a copy: moved, or not the caller's). */
      const onto = async (trx: Knex.Transaction, before: StoredRecord, locked: boolean): Promise<StoredRecord | null> => {
        if (Object.hasOwn(values, 'owner')) requireWritable(model, access, access.refusedFields({ owner: values['owner'] }, { kind: 'update', before }));
        checkIfMatch(model, before, options.ifMatch ?? null);
        await checkReadableReferences(trx, model, loaded, before, values);
        await keepUnreadableLinks(trx, model, loaded, before, values);
        const after: RecordValues = { ...before, ...values };
        const deferred: Knex.QueryBuilder[] = [];
        const authors = await prepareSave({ trx, model, live, defer: (s) => deferred.push(s), hooks, action: 'update', before, after, caller });
        const changes = diffRecords(model, before, after);
        // Nothing to change: no new version, no history entry (and, as ever, no before-save run kept).
        // A copy may be behind the row, so only the locked row says so.
        if (changes.length === 0) return locked ? before : null;
        const changed = new Set(changes.map((c) => c.field));
        const columns = toColumnValues(model, after, changed);
        // The history goes out with the UPDATE, as the values were sent; rewritten below in the rare
        // case the stored ones read back differently.
        const history = historyEntries(model, 'update', { id, version: before.version + 1 }, changes, authors);
        const locks = events.locksFor?.(trx, { entity: model.name, recordId: id });
        const only = locked ? [] : [checks.read, checks.update];
        copySent ||= !locked;
        const written = await updateRecordWithHistory(trx, { model, id, expectedVersion: before.version, columns, stamp, history, deferred, only, ...(locks ? { locks } : {}) });
        if (!written) return null;
        const { record: updated, locked: waits } = written;
        await writeLinks(trx, model, id, after, changed);
        // Links the update left alone are as they were read with the locked row; replaced ones are read back.
        const saved: StoredRecord = { ...updated };
        for (const link of model.links) saved[link.field.name] = before[link.field.name];
        if (model.links.some((link) => changed.has(link.field.name))) await withLinks(trx, model, [saved]);
        const storedChanges = diffRecords(model, before, saved);
        const final = storedChanges.length > 0 ? storedChanges : changes;
        if (!sameChanges(final, changes)) await sendTogether(trx, historyRewriteQueries(trx, historyEntries(model, 'update', saved, final, authors)));
        return announce(trx, model, 'update', before, saved, final, locks ? waits : undefined);
      };
      const copy = readCopyFor(hooks, app, model, id, options);
      const stored = await write(model, async (trx) => {
        // A copy's UPDATE that missed wrote nothing: no hook ran, and its history joins the UPDATE's row.
        // A check that refused before it was sent (judged on a copy behind the row) is made again on
        // the locked row; a refusal after it (a listener's) stands.
        if (copy) {
          try {
            const updated = await onto(trx, copy, false);
            if (updated) return updated;
          } catch (error) {
            if (!isAppError(error) || copySent) throw error;
          }
        }
        const found = await findRecordChecked(trx, model, id, checks, { forUpdate: true });
        if (!found || !found.passes('read')) throw recordNotFound(model, id);
        if (!found.passes('update')) throw operationForbidden(model, 'update', id);
        const updated = await onto(trx, found.record, true);
        if (!updated) throw versionConflict(model, id, found.record.version);
        return updated;
      });
      return kept(await shown(db, model, loaded, stored), stored);
    },

    async remove(entity, id, options = {}) {
      await setDeleted(requireEntityModel(app, entity), id, true, options);
    },

    async restore(entity, id, options = {}) {
      return setDeleted(requireEntityModel(app, entity), id, false, options);
    },

    async list(entity, query) {
      const model = requireEntityModel(app, entity);
      const { policy: loaded, access } = await entityAccess(model);
      requireOperation(model, access, 'read');
      const plan = planExpand(model, query.expand, loaded);
      const page = await listRecords(db, model, query, { user: loaded.conditionUser(), now: clock(), policy: loaded });
      const data = page.data.map((r) => visibleRecord(access, r));
      await hideUnreadableReferences(db, model, loaded, data);
      await expandRecords(db, data, plan, loaded);
      return { ...page, data };
    },

    async history(entity, id) {
      const model = requireEntityModel(app, entity);
      const { policy: loaded, access } = await entityAccess(model);
      const stored = await findRecord(db, model, id, { includeDeleted: true, filter: access.recordFilter('read', model.table) });
      if (!stored) throw recordNotFound(model, id);
      const items = visibleHistory(access, loaded.unrestricted, await readHistory(db, model.name, id));
      await hideUnreadableReferencesInChanges(db, model, loaded, items.flatMap((item) => item.changes));
      return items;
    },

    async duplicates(entity, record) {
      const model = requireEntityModel(app, entity);
      const { access } = await entityAccess(model);
      const display = model.entity.display !== undefined && access.isFieldVisible(model.entity.display) && model.column(model.entity.display) ? model.entity.display : null;
      const keys = duplicateKeysOf(model.entity, record, (field) => access.isFieldVisible(field));
      return findDuplicateRecords(db, { table: model.table, readable: access.recordFilter('read', model.table), keys, display, excludeId: record.id });
    },
  };
}
