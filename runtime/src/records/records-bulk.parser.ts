import type { App } from '@crm/schemas';
import { BadRequestError, ValidationError, type AppError, type ErrorDetail } from '../errors/index.js';

/*
 * The body of POST /api/records/:entity/bulk: {action, ids, value}. `change_stage` sets the field
 * of the entity's pipeline, `assign_owner` sets `owner`, `delete` soft-deletes. Each record is then
 * written by the record service on its own (records-bulk.routes.ts).
 */

export type BulkAction = 'assign_owner' | 'change_stage' | 'delete';

export interface BulkRequest {
  action: BulkAction;
  ids: string[];
  /** The values each record gets (empty for delete). */
  patch: Record<string, unknown>;
}

export const BULK_MAX_IDS = 500;

const ACTIONS: readonly BulkAction[] = ['assign_owner', 'change_stage', 'delete'];

function isAction(value: unknown): value is BulkAction {
  return ACTIONS.some((a) => a === value);
}

function bad(field: string, message: string, messageRu: string): AppError {
  return ValidationError.create(message, [{ field, code: 'INVALID_BULK_REQUEST', message, message_ru: messageRu }]);
}

/** The field of the entity that holds its pipeline's stage, or null when it has no pipeline. */
export function stageFieldOf(app: App, entity: string): string | null {
  return (app.pipelines ?? []).find((p) => p.entity === entity)?.field ?? null;
}

export function parseBulkRequest(body: unknown, app: App, entity: string): BulkRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw BadRequestError.create('Send {action, ids, value}.', [{ field: 'body', code: 'INVALID_BODY', message: 'Send {action, ids, value}.', message_ru: 'Передайте {action, ids, value}.' }]);
  }
  const action: unknown = 'action' in body ? body.action : undefined;
  const ids: unknown = 'ids' in body ? body.ids : undefined;
  const value: unknown = 'value' in body ? body.value : undefined;
  if (!isAction(action)) throw bad('action', `action is one of ${ACTIONS.join(', ')}.`, `action — одно из: ${ACTIONS.join(', ')}.`);
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    throw bad('ids', 'ids is a non-empty list of record ids.', 'ids — непустой список идентификаторов записей.');
  }
  if (ids.length > BULK_MAX_IDS) throw bad('ids', `At most ${BULK_MAX_IDS} records at once.`, `Не больше ${BULK_MAX_IDS} записей за раз.`);
  const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  if (action === 'delete') return { action, ids: unique, patch: {} };
  if (action === 'assign_owner') {
    if (typeof value !== 'string' || value === '') throw bad('value', 'value is the new owner’s user id.', 'value — идентификатор нового владельца.');
    return { action, ids: unique, patch: { owner: value } };
  }
  const field = stageFieldOf(app, entity);
  if (!field) {
    const details: ErrorDetail[] = [{ field: 'action', code: 'NO_PIPELINE', message: `${entity} has no pipeline.`, message_ru: 'У этих записей нет воронки.' }];
    throw ValidationError.create(`${entity} has no pipeline.`, details);
  }
  if (typeof value !== 'string' || value === '') throw bad('value', 'value is the stage to move to.', 'value — этап, на который перевести.');
  return { action, ids: unique, patch: { [field]: value } };
}
