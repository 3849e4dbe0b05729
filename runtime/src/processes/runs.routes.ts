import { cancelRun, getRun, readQueueHealth, retryRun } from '@crm/engine';
import { Router, type Request } from 'express';
import { ForbiddenError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { adminOnlyError, isAdmin } from '../people/admin-role.check.js';
import { runViewerFor, visibleRun } from './run-visibility.js';
import { fromEngineRequestError } from './step-failure.mapper.js';

/**
 * /api/runs/:id: one run as the caller may see it (steps redacted by run-visibility), and the
 * admin's retry and cancel; /api/runs/queue: the job queue and this process's workers (admins).
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
    res.json({ ...queue, process: { pid: process.pid, workers: engine.workerHealth() } });
  });

  router.get('/:id', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet.');
    const run = await getRun(knex, req.params.id);
    const viewer = await runViewerFor(knex, live.app, actor, context.definitions);
    const visible = run ? await visibleRun(knex, viewer, run) : null;
    if (!visible) throw NotFoundError.create(`There is no run ${req.params.id}.`, [{ field: 'id', code: 'NOT_FOUND', message: `There is no run ${req.params.id}.`, message_ru: `Запуска ${req.params.id} нет.` }]);
    res.json(visible);
  });

  async function adminOnly(req: Request): Promise<void> {
    if (!(await isAdmin(requireActor(req), context.definitions))) {
      throw ForbiddenError.create('Only admins may retry or cancel runs.', [{ code: 'ADMIN_ONLY', message: 'Only admins may retry or cancel runs.', message_ru: 'Повторять и отменять запуски могут только администраторы.' }]);
    }
  }

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
