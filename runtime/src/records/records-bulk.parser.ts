import { BULK_MAX_IDS, type App, type BulkAction, type BulkMatch } from '@crm/schemas';
import { BadRequestError, ValidationError, type AppError, type ErrorDetail } from '../errors/index.js';

/*
 * The body of POST /api/records/:entity/bulk: {action, ids | match, value}. `change_stage` sets the
 * field of the entity's pipeline, `assign_owner` sets `owner`, `delete` soft-deletes. Each record
 * is then written by the record service on its own (records-bulk.routes.ts). `match` names the
 * records by the list's filter and search instead of by id; the route resolves it.
 */

export type { BulkAction } from '@crm/schemas';

export interface BulkRequest {
  action: BulkAction;
  /** The records, by id or by what they match. */
  target: { ids: string[] } | { match: BulkMatch };
  /** The values each record gets (empty for delete). */
  patch: Record<string, unknown>;
}

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
  const value: unknown = 'value' in body ? body.value : undefined;
  if (!isAction(action)) throw bad('action', `action is one of ${ACTIONS.join(', ')}.`, `action — одно из: ${ACTIONS.join(', ')}.`);
  const target = parseTarget(body);
  if (action === 'delete') return { action, target, patch: {} };
  if (action === 'assign_owner') {
    if (typeof value !== 'string' || value === '') throw bad('value', 'value is the new owner’s user id.', 'value — идентификатор нового владельца.');
    return { action, target, patch: { owner: value } };
  }
  const field = stageFieldOf(app, entity);
  if (!field) {
    const details: ErrorDetail[] = [{ field: 'action', code: 'NO_PIPELINE', message: `${entity} has no pipeline.`, message_ru: 'У этих записей нет воронки.' }];
    throw ValidationError.create(`${entity} has no pipeline.`, details);
  }
  if (typeof value !== 'string' || value === '') throw bad('value', 'value is the stage to move to.', 'value — этап, на который перевести.');
  return { action, target, patch: { [field]: value } };
}

function parseTarget(body: object): BulkRequest['target'] {
  const ids: unknown = 'ids' in body ? body.ids : undefined;
  const match: unknown = 'match' in body ? body.match : undefined;
  if (ids !== undefined && match !== undefined) throw bad('match', 'Send either ids or match, not both.', 'Передайте либо ids, либо match, но не оба.');
  if (match !== undefined) {
    if (typeof match !== 'object' || match === null || Array.isArray(match)) {
      throw bad('match', 'match is {filter, q}: the list’s condition and search text.', 'match — это {filter, q}: условие и строка поиска списка.');
    }
    const filter: unknown = 'filter' in match ? match.filter : null;
    const q: unknown = 'q' in match ? match.q : null;
    if (q !== null && typeof q !== 'string') throw bad('match.q', 'match.q is the search text or null.', 'match.q — строка поиска или null.');
    const after: unknown = 'after' in match ? match.after : null;
    if (after !== null && (typeof after !== 'string' || after === '')) {
      throw bad('match.after', 'match.after is the `next` of an earlier answer, or null.', 'match.after — значение `next` из предыдущего ответа или null.');
    }
    return { match: { filter: filter ?? null, q: q === null || q.trim() === '' ? null : q.trim(), ...(after === null ? {} : { after }) } };
  }
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    throw bad('ids', 'ids is a non-empty list of record ids.', 'ids — непустой список идентификаторов записей.');
  }
  if (ids.length > BULK_MAX_IDS) throw bad('ids', `At most ${BULK_MAX_IDS} records at once.`, `Не больше ${BULK_MAX_IDS} записей за раз.`);
  return { ids: [...new Set(ids.filter((id): id is string => typeof id === 'string'))] };
}
