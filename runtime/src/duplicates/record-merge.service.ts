import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { loadAccessPolicy, type EntityAccess } from '../access/index.js';
import type { AuditTrail } from '../audit/audit-trail.service.js';
import type { RequestAuditFields } from '../audit/request-audit.context.js';
import { createErrorKind } from '../errors/app-error.js';
import type { ErrorDetail } from '../errors/index.js';
import { createRecordService, findRecordChecked, recordNotFound, requireEntityModel, versionConflict, writeHistory, type BeforeSaveHook, type RecordCaller, type RecordEntityModel, type RecordEventSink, type StoredRecord } from '../records/index.js';
import { applyFileValues, resolveFileValues, splitFileValues } from './merge-file-values.apply.js';
import type { MergeRequest } from './record-merge.parser.js';
import { moveReferences, type MovedCounts } from './record-references.mover.js';

/*
 * Merges records of one entity into a survivor, in ONE transaction (a refusal or a failure
 * anywhere leaves everything as it was):
 *
 *   lock every record (read scope: 404 like a missing one) -> may the caller update the survivor
 *   and update AND delete each merged record (role scopes and sharing rules, on the locked rows;
 *   403 MERGE_NOT_ALLOWED naming each refusal) -> versions the person saw (412, as If-Match) ->
 *   move everything pointing at the merged records (record-references.mover) -> delete the merged
 *   records the way DELETE does (soft, history, outbox) -> the chosen values onto the survivor the
 *   way PATCH does (field permissions, validation, unique fields, before-save processes) -> a
 *   history entry on the survivor naming the merged ids -> the audit entry `record.merge`.
 *
 * The merged records are deleted before the survivor takes their values, so a unique value (an
 * INN) moves without meeting itself: unique indexes cover live records only.
 */

export const MergeNotAllowedError = createErrorKind('MERGE_NOT_ALLOWED', 403, 'You may not merge these records.');

export interface MergeDeps {
  db: Knex;
  app: App;
  caller: RecordCaller;
  hooks: readonly BeforeSaveHook[];
  events: RecordEventSink;
  auditTrail: AuditTrail;
  audit: RequestAuditFields;
  clock?: () => Date;
}

export interface MergeResult {
  survivor: StoredRecord;
  merged: string[];
  moved: MovedCounts;
}

function refusal(model: RecordEntityModel, id: string, operation: 'update' | 'delete', role: 'survivor' | 'merged'): ErrorDetail {
  const verb = operation === 'update' ? { en: 'update', ru: 'изменять' } : { en: 'delete', ru: 'удалять' };
  return {
    field: role === 'survivor' ? 'survivor' : 'merged',
    code: 'MERGE_NOT_ALLOWED',
    recordId: id,
    operation,
    message: `You may not ${verb.en} the ${model.name} record ${id}, so you may not merge it.`,
    message_ru: `Вам нельзя ${verb.ru} запись ${id}, поэтому объединить её нельзя.`,
  };
}

function entityRefusals(model: RecordEntityModel, access: EntityAccess): ErrorDetail[] {
  return (['update', 'delete'] as const).flatMap((op) =>
    access.can(op)
      ? []
      : [{ field: 'entity', code: 'MERGE_NOT_ALLOWED', operation: op, message: `You may not ${op} ${model.name} records, so you may not merge them.`, message_ru: `Вам нельзя ${op === 'update' ? 'изменять' : 'удалять'} эти записи, поэтому объединять их нельзя.` }],
  );
}

function displayOf(model: RecordEntityModel, record: StoredRecord): string | null {
  const value = model.entity.display ? record[model.entity.display] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}

export async function mergeRecords(deps: MergeDeps, entity: string, request: MergeRequest): Promise<MergeResult> {
  const { db, app, caller } = deps;
  const model = requireEntityModel(app, entity);
  // Loaded outside the transaction: PGlite has one connection, the transaction holds it.
  const policy = await loadAccessPolicy(db, app, caller, { now: (deps.clock ?? (() => new Date()))() });
  const access = policy.entity(model.name);
  const denied = entityRefusals(model, access);
  if (denied.length > 0) throw MergeNotAllowedError.create(denied[0]?.message, denied);
  const checks = {
    read: access.recordFilter('read', model.table),
    update: access.recordFilter('update', model.table),
    delete: access.recordFilter('delete', model.table),
  };

  const moved = await db.transaction(async (trx) => {
    const refusals: ErrorDetail[] = [];
    let survivorRecord: StoredRecord | null = null;
    const locked: StoredRecord[] = [];
    // Locked in id order, the same order any other merge of the same records takes.
    for (const id of [request.survivor, ...request.merged].sort()) {
      const found = await findRecordChecked(trx, model, id, checks, { forUpdate: true });
      if (!found || !found.passes('read')) throw recordNotFound(model, id);
      const isSurvivor = id === request.survivor;
      if (isSurvivor) survivorRecord = found.record;
      locked.push(found.record);
      if (!found.passes('update')) refusals.push(refusal(model, id, 'update', isSurvivor ? 'survivor' : 'merged'));
      if (!isSurvivor && !found.passes('delete')) refusals.push(refusal(model, id, 'delete', 'merged'));
      const seen = request.versions.get(id);
      if (seen !== undefined && seen !== found.record.version) throw versionConflict(model, id, found.record.version);
    }
    if (refusals.length > 0) throw MergeNotAllowedError.create(refusals[0]?.message, refusals);
    if (!survivorRecord) throw recordNotFound(model, request.survivor);

    const { files, others } = splitFileValues(model, request.values);
    const fileValues = resolveFileValues(model, access, files, locked);

    const records = createRecordService({ db: trx, app, caller, policy, hooks: deps.hooks, events: deps.events, ...(deps.clock ? { clock: deps.clock } : {}) });
    const counts = await moveReferences(trx, { app, entity: model.name, survivor: request.survivor, merged: request.merged, caller, events: deps.events });
    for (const id of request.merged) await records.remove(model.name, id);
    const after = Object.keys(others).length > 0 ? await records.update(model.name, request.survivor, others) : survivorRecord;
    const version = await applyFileValues(trx, model, after, fileValues, caller);
    await writeHistory(trx, {
      entity: model.name,
      recordId: request.survivor,
      version,
      action: 'update',
      changes: [{ field: 'id', old: [...request.merged], new: request.survivor }],
      caller,
    });
    await deps.auditTrail.within(trx).record({
      action: 'record.merge',
      ...deps.audit,
      target: { type: model.name, id: request.survivor, name: displayOf(model, after) },
      details: { entity: model.name, survivor: request.survivor, merged: request.merged, values: Object.keys(request.values), moved: counts },
    });
    return counts;
  });

  const records = createRecordService({ db, app, caller, policy, hooks: deps.hooks, events: deps.events });
  return { survivor: await records.get(model.name, request.survivor), merged: request.merged, moved };
}
