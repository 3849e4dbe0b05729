import { Router } from 'express';
import { BULK_MAX_MATCHING, type BulkAction, type BulkResponse, type BulkResult } from '@crm/schemas';
import { isAppError, NotFoundError } from '../errors/index.js';
import { InvalidCursorError } from '../errors/invalid-cursor.error.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { parseBulkRequest, type BulkRequest } from './records-bulk.parser.js';
import { createRecordService, type RecordService } from './record.service.js';
import { requireEntityModel } from './record-entity.model.js';

/*
 * POST /api/records/:entity/bulk {action, ids | match, value}: applies the action to each record
 * through the record service, one record per transaction, exactly as if the person did it by hand
 * (permissions, pipeline rules, before-save processes, history, outbox). A refusal of one record
 * does not stop the others; the answer says per id whether it was done, and if not, why.
 * `match` is resolved first, over the caller's readable records, before anything is written, so
 * records the action moves out of the filter are neither skipped nor visited twice. One request
 * handles at most BULK_MAX_MATCHING of them in the list's default order; past that it answers
 * `truncated` with `next`, the list cursor just after the last one it took, and a request with
 * `match.after: next` goes on from there. Running it again without `after` would only reach the
 * rest when the action moved the handled records out of the filter (a stage change on a stage
 * filter); an owner change or a refused record would be taken again.
 */

/** Records listed per page while resolving `match`. */
const MATCH_PAGE = 500;

interface Target {
  ids: string[];
  titles: Map<string, string>;
  /** Where a next request goes on (the cursor after the last id taken), when more records match. */
  next: string | null;
}

/** A cursor the list refuses is the request's `match.after`, not a list parameter of its own. */
function asAfterError(error: unknown): unknown {
  if (!isAppError(error) || !error.details.some((d) => d.field === 'cursor')) return error;
  return InvalidCursorError.create('match.after is not the `next` of an earlier answer for this list.', [
    { field: 'match.after', code: 'INVALID_CURSOR', message: 'match.after is not the `next` of an earlier answer for this list.', message_ru: 'match.after не взят из предыдущего ответа для этого списка; начните сначала.' },
  ]);
}

async function resolveTarget(service: RecordService, entity: string, displayField: string | undefined, target: BulkRequest['target']): Promise<Target> {
  if ('ids' in target) return { ids: target.ids, titles: new Map(), next: null };
  const ids: string[] = [];
  const titles = new Map<string, string>();
  let cursor: string | null = target.match.after ?? null;
  for (;;) {
    // The last page stops exactly at the limit, so its cursor is where a next request goes on.
    const limit = Math.min(MATCH_PAGE, BULK_MAX_MATCHING - ids.length);
    const page = await service
      .list(entity, { filter: target.match.filter, q: target.match.q, sort: [], limit, cursor, expand: [], count: false, deleted: 'exclude' })
      .catch((error: unknown) => {
        throw asAfterError(error);
      });
    for (const record of page.data) {
      ids.push(record.id);
      const title = displayField ? record[displayField] : undefined;
      if (typeof title === 'string' && title !== '') titles.set(record.id, title);
    }
    cursor = page.nextCursor;
    if (!cursor) return { ids, titles, next: null };
    if (ids.length >= BULK_MAX_MATCHING) return { ids, titles, next: cursor };
  }
}

function refusal(id: string, error: unknown): BulkResult {
  if (!isAppError(error)) return { id, ok: false, code: 'UNEXPECTED', message: 'Something went wrong with this record.', message_ru: 'С этой записью что-то пошло не так.' };
  // The first detail is the precise reason (the stage rule, the field); the error's message is general.
  const first = error.details[0];
  const field = typeof first?.field === 'string' ? first.field : undefined;
  return {
    id,
    ok: false,
    code: first?.code ?? error.code,
    ...(field ? { field } : {}),
    message: first?.message ?? error.message,
    ...(first?.message_ru ? { message_ru: first.message_ru } : {}),
  };
}

async function applyOne(service: RecordService, entity: string, action: BulkAction, id: string, patch: Record<string, unknown>): Promise<BulkResult> {
  try {
    if (action === 'delete') {
      await service.remove(entity, id);
      return { id, ok: true };
    }
    const record = await service.update(entity, id, patch);
    return { id, ok: true, version: record.version };
  } catch (error: unknown) {
    return refusal(id, error);
  }
}

export function recordsBulkRoutes({ context, engine }: RouteDeps): Router {
  const router = Router();
  const { hooks, events } = engine.seams;

  router.post('/:entity/bulk', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    const entity = req.params.entity;
    const model = requireEntityModel(live.app, entity);
    const request = parseBulkRequest(req.body, live.app, entity);
    const service = createRecordService({ db: context.db.knex, app: live.app, version: live.version, caller: { user: actor }, hooks, events });
    const target = await resolveTarget(service, entity, model.entity.display, request.target);
    const results: BulkResult[] = [];
    for (const id of target.ids) {
      const result = await applyOne(service, entity, request.action, id, request.patch);
      const title = target.titles.get(id);
      results.push(title === undefined ? result : { ...result, title });
    }
    const done = results.filter((r) => r.ok).length;
    const matched = 'match' in request.target ? (target.next === null ? { truncated: false } : { truncated: true, next: target.next }) : {};
    const answer: BulkResponse = { action: request.action, results, done, refused: results.length - done, ...matched };
    res.json(answer);
  });

  return router;
}
