import { Router } from 'express';
import { isAppError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { parseBulkRequest, type BulkAction } from './records-bulk.parser.js';
import { createRecordService, type RecordService } from './record.service.js';
import { requireEntityModel } from './record-entity.model.js';

/*
 * POST /api/records/:entity/bulk {action, ids, value}: applies the action to each record through
 * the record service, one record per transaction, exactly as if the person did it by hand
 * (permissions, pipeline rules, before-save processes, history, outbox). A refusal of one record
 * does not stop the others; the answer says per id whether it was done, and if not, why.
 */

export type BulkResult =
  | { id: string; ok: true; version?: number }
  | { id: string; ok: false; code: string; field?: string; message: string; message_ru?: string };

export interface BulkResponse {
  action: BulkAction;
  results: BulkResult[];
  done: number;
  refused: number;
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
    requireEntityModel(live.app, entity);
    const request = parseBulkRequest(req.body, live.app, entity);
    const service = createRecordService({ db: context.db.knex, app: live.app, caller: { user: actor }, hooks, events });
    const results: BulkResult[] = [];
    for (const id of request.ids) results.push(await applyOne(service, entity, request.action, id, request.patch));
    const done = results.filter((r) => r.ok).length;
    const answer: BulkResponse = { action: request.action, results, done, refused: results.length - done };
    res.json(answer);
  });

  return router;
}
