import { cancelRun, getRun, listRuns, readQueueHealth, retryFailedRuns, retryRun } from '@crm/engine';
import { BULK_RETRY_LIMIT, type BulkRetryResult, type RunQueue } from '@crm/schemas';
import { Router, type Request } from 'express';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { adminOnlyError, isAdmin } from '../people/admin-role.check.js';
import { readClosedBody } from '../people/body-fields.reader.js';
import { cursorOf, limitOf, nextCursor } from './run-page.params.js';
import { runViewerFor, visibleRun } from './run-visibility.js';
import { fromEngineRequestError } from './step-failure.mapper.js';

const RUN_STATUSES = ['running', 'waiting', 'completed', 'failed', 'cancelled'] as const;

/** ?status: one run status, or none (every status). */
function statusOf(req: Request): string | null {
  const status = req.query['status'];
  if (status === undefined || status === '' || status === 'all') return null;
  if (typeof status === 'string' && (RUN_STATUSES as readonly string[]).includes(status)) return status;
  const message = `status must be one of ${RUN_STATUSES.join(', ')} or all.`;
  throw BadRequestError.create(message, [{ field: 'status', code: 'INVALID_PARAMETER', message, message_ru: `status — одно из: ${RUN_STATUSES.join(', ')} или all.` }]);
}

/**
 * /api/runs/:id: one run as the caller may see it (steps redacted by run-visibility), and the
 * admin's retry and cancel; for admins, /api/runs lists the runs of every process and
 * /api/runs/queue shows the job queue with this process's workers.
 */
export function runsRoutes({ context, engine }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  // Before /:id. The queue is the database's, shared by every process; the workers are this
  // process's only (a process serving HTTP alone has none): a queue whose due jobs grow late while
  // some process's loops say `claiming` since long ago points at that process.
  router.get('/queue', async (req, res) => {
    if (!(await isAdmin(requireActor(req), context.definitions))) throw adminOnlyError();
    const queue = await readQueueHealth(knex);
    res.json({ ...queue, process: { pid: process.pid, workers: engine.workerHealth() } } satisfies RunQueue);
  });

  // Every process's runs, whatever record they are about: an admin's monitor (failed runs to retry,
  // waiting ones to cancel), so only admins, who see every run whole.
  router.get('/', async (req, res) => {
    if (!(await isAdmin(requireActor(req), context.definitions))) throw adminOnlyError();
    const limit = limitOf(req);
    const process = typeof req.query['process'] === 'string' && req.query['process'] !== '' ? req.query['process'] : undefined;
    const data = await listRuns(knex, { ...(process ? { process } : {}), status: statusOf(req), limit, before: cursorOf(req) });
    res.json({ data, nextCursor: nextCursor(data, limit) });
  });

  router.get('/:id', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet.');
    const run = await getRun(knex, req.params.id);
    const viewer = await runViewerFor(knex, live, actor, context.definitions);
    const visible = run ? await visibleRun(knex, viewer, run) : null;
    if (!visible) throw NotFoundError.create(`There is no run ${req.params.id}.`, [{ field: 'id', code: 'NOT_FOUND', message: `There is no run ${req.params.id}.`, message_ru: `Запуска ${req.params.id} нет.` }]);
    res.json(visible);
  });

  async function adminOnly(req: Request): Promise<void> {
    if (!(await isAdmin(requireActor(req), context.definitions))) {
      throw ForbiddenError.create('Only admins may retry or cancel runs.', [{ code: 'ADMIN_ONLY', message: 'Only admins may retry or cancel runs.', message_ru: 'Повторять и отменять запуски могут только администраторы.' }]);
    }
  }

  // After a fix (the receiver is back, a rule relaxed): every failed run with a failed step to retry,
  // of one process or of all, oldest first, BULK_RETRY_LIMIT at a time.
  router.post('/retry', async (req, res) => {
    await adminOnly(req);
    const body = readClosedBody(req.body ?? {}, ['process']);
    const process = body['process'];
    if (process !== undefined && (typeof process !== 'string' || process === '')) {
      const message = 'process must be a process name.';
      throw BadRequestError.create(message, [{ field: 'process', code: 'INVALID_PARAMETER', message, message_ru: 'process — имя процесса.' }]);
    }
    const outcome = await retryFailedRuns(knex, { ...(process ? { process } : {}), limit: BULK_RETRY_LIMIT });
    const answer: BulkRetryResult = {
      retried: outcome.retried,
      refused: outcome.refused.map((r) => ({ id: r.id, code: r.code, message: r.message, message_ru: r.messageRu })),
      more: outcome.more,
    };
    res.json(answer);
  });

  router.post('/:id/retry', async (req, res) => {
    await adminOnly(req);
    try {
      res.json(await retryRun(knex, req.params.id));
    } catch (error) {
      throw fromEngineRequestError(error);
    }
  });

  router.post('/:id/cancel', async (req, res) => {
    await adminOnly(req);
    try {
      res.json(await cancelRun(knex, req.params.id));
    } catch (error) {
      throw fromEngineRequestError(error);
    }
  });

  return router;
}
