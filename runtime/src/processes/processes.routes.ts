import { listRuns, SimulationRequestError } from '@crm/engine';
import { checkSimulateRequest, type App, type ManualStartResponse, type RunProgress, type RunSummaryPage, type SimulateResponse } from '@crm/schemas';
import { Router, type Request } from 'express';
import { BadRequestError, ForbiddenError, NotFoundError, ValidationError } from '../errors/index.js';
import { mayEditDefinitions } from '../definitions/definition-access.guard.js';
import { requireActor } from '../http/request-context.js';
import { isAdmin } from '../people/admin-role.check.js';
import type { Actor } from '../people/user.types.js';
import { createRecordService } from '../records/index.js';
import type { LiveDefinition, RuntimeContext } from '../runtime.context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { cursorOf, limitOf, nextCursor } from './run-page.params.js';
import { runRecordFilter, runViewerFor, visibleRunSummary } from './run-visibility.js';
import { mayStartByHand } from './manual-start.policy.js';
import { withAnswers } from './run-answers.reader.js';
import { withWaits } from './run-waits.reader.js';
import { progressRunIds, readRunProgress } from './run-progress.reader.js';
import { checkedStartInput } from './start-input.checker.js';
import { withStarters } from './run-starters.js';

/*
 * /api/processes (ARCHITECTURE §2): run history per process, the builder's test run (simulate), and
 * manual starts on a record or a filtered set. One run, its retry and cancel: runs.routes.ts.
 */

const MAX_MANUAL_RECORDS = 1000;

async function requireLive(context: RuntimeContext): Promise<LiveDefinition> {
  const live = await context.definitions.getLive();
  if (!live) throw NotFoundError.create('No app definition is published yet.');
  return live;
}

async function requireDraftApp(definitions: RouteDeps['definitionService']): Promise<{ version: number; app: App }> {
  const draft = await definitions.getDraftApp();
  if (!draft) throw NotFoundError.create('There is no app definition yet.');
  return draft;
}

function unknownProcess(name: string) {
  return NotFoundError.create(`There is no process "${name}".`, [
    { field: 'process', code: 'UNKNOWN_PROCESS', message: `There is no process "${name}".`, message_ru: `Процесса «${name}» нет.` },
  ]);
}

function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw BadRequestError.create('The request body must be a JSON object.');
  return { ...body };
}

export function processesRoutes({ context, definitionService, engine: host }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  /**
   * Starting a process by hand is a permission of its own, per process: admins always, otherwise
   * the roles its manual trigger names. Absent, only admins: a start may run scripts and writes as
   * the starter on every record a filter matches, so nobody gets it without being named.
   */
  async function mayStart(actor: Actor, startRoles: readonly string[] | undefined): Promise<boolean> {
    return mayStartByHand(actor.roles, await isAdmin(actor, context.definitions), startRoles);
  }

  router.get('/:name/runs', async (req, res) => {
    const actor = requireActor(req);
    const live = await requireLive(context);
    const process = live.app.processes?.find((p) => p.name === req.params.name);
    // Runs of a process since removed from the definition stay readable by name.
    const entity = process && 'entity' in process.trigger && typeof process.trigger.entity === 'string' ? process.trigger.entity : null;
    const viewer = await runViewerFor(knex, live, actor, context.definitions);
    const filter = runRecordFilter(viewer, entity);
    const limit = limitOf(req);
    const status = typeof req.query['status'] === 'string' ? req.query['status'] : null;
    const recordId = typeof req.query['recordId'] === 'string' ? req.query['recordId'] : null;
    const data =
      filter === 'none'
        ? []
        : await listRuns(knex, { process: req.params.name, status, recordId, limit, before: cursorOf(req), ...(filter ? { visibleRecords: filter } : {}) });
    const answered = await withAnswers(knex, { app: live.app, policy: viewer.policy, caller: { user: actor } }, await withWaits(knex, await withStarters(knex, data)));
    res.json({ data: answered.map((run) => visibleRunSummary(viewer, run)), nextCursor: nextCursor(data, limit) } satisfies RunSummaryPage);
  });

  // A read with up to 1,000 ids in its body, hence POST: how a bulk start's runs are going.
  router.post('/:name/runs/progress', async (req, res) => {
    const actor = requireActor(req);
    const live = await requireLive(context);
    const ids = progressRunIds(bodyObject(req));
    const process = live.app.processes?.find((p) => p.name === req.params.name);
    const entity = process && 'entity' in process.trigger && typeof process.trigger.entity === 'string' ? process.trigger.entity : null;
    const viewer = await runViewerFor(knex, live, actor, context.definitions);
    res.json((await readRunProgress(knex, viewer, req.params.name, entity, ids)) satisfies RunProgress);
  });

  router.post('/:name/simulate', async (req, res) => {
    const actor = requireActor(req);
    if (!(await mayEditDefinitions(actor.roles, context.definitions))) {
      throw ForbiddenError.create('Only builders and admins may test-run processes.', [
        { code: 'BUILDER_ONLY', message: 'Only builders and admins may test-run processes.', message_ru: 'Тестовый запуск доступен только конструкторам и администраторам.' },
      ]);
    }
    const checked = checkSimulateRequest(bodyObject(req));
    if (!checked.ok) {
      const first = checked.issues[0];
      throw ValidationError.create(first?.message.en ?? 'The test-run request is invalid.', checked.issues.map((issue) => ({ field: issue.field, code: issue.code, message: issue.message.en, message_ru: issue.message.ru })));
    }
    const body = checked.value;
    // The builder tests the diagram as drawn (the draft); the API's default stays the live version.
    const live = body.definition === 'draft' ? await requireDraftApp(definitionService) : await requireLive(context);
    if (!live.app.processes?.some((p) => p.name === req.params.name)) throw unknownProcess(req.params.name);
    const process = live.app.processes?.find((p) => p.name === req.params.name);
    try {
      const report: SimulateResponse = await host.engine.simulate(live, req.params.name, {
        ...(body.recordId !== undefined ? { recordId: body.recordId } : {}),
        ...(body.record !== undefined ? { record: { ...body.record } } : {}),
        ...(body.before !== undefined ? { before: body.before === null ? null : { ...body.before } } : {}),
        ...(body.trigger !== undefined ? { trigger: JSON.parse(JSON.stringify({ type: process?.trigger.type ?? 'manual', simulated: true, ...body.trigger })) } : {}),
        ...(body.action !== undefined ? { action: body.action } : {}),
        ...(body.ignoreTrigger === true ? { ignoreTrigger: true } : {}),
        ...(body.outcomes !== undefined ? { outcomes: { ...body.outcomes } } : {}),
        user: actor,
      });
      res.json(report);
    } catch (error) {
      if (error instanceof SimulationRequestError) {
        throw BadRequestError.create(error.message, [{ field: error.field, code: 'INVALID_SIMULATION', message: error.message, message_ru: `Тестовый запуск невозможен: ${error.message}` }]);
      }
      throw error;
    }
  });

  router.post('/:name/start', async (req, res) => {
    const actor = requireActor(req);
    const live = await requireLive(context);
    const process = live.app.processes?.find((p) => p.name === req.params.name);
    if (!process) throw unknownProcess(req.params.name);
    if (process.trigger.type !== 'manual') {
      throw BadRequestError.create(`The process ${process.name} starts on ${process.trigger.type}, not by hand.`, [
        { field: 'process', code: 'NOT_MANUAL', message: `The process starts on ${process.trigger.type}, not by hand.`, message_ru: 'Этот процесс нельзя запустить вручную.' },
      ]);
    }
    if (!(await mayStart(actor, process.trigger.startRoles))) {
      throw ForbiddenError.create(`You may not start the process ${process.name}.`, [
        {
          field: 'process',
          code: 'START_NOT_ALLOWED',
          message: `Only admins and the roles in trigger.startRoles of ${process.name} may start it.`,
          message_ru: `Запускать процесс «${process.name}» могут только администраторы и роли из trigger.startRoles.`,
        },
      ]);
    }
    const entity = process.trigger.entity;
    const body = bodyObject(req);
    const key = req.get('idempotency-key')?.slice(0, 200);
    // The records are read as the caller: a person starts processes only on records they may read.
    const records = createRecordService({ db: knex, app: live.app, caller: { user: actor } });
    let ids: string[] = [];
    let truncated = false;
    if (body['q'] !== undefined && typeof body['q'] !== 'string') {
      throw BadRequestError.create('q must be the search text, a string.', [{ field: 'q', code: 'INVALID_PARAMETER', message: 'q must be the search text, a string.', message_ru: 'q — строка поиска.' }]);
    }
    const q = typeof body['q'] === 'string' && body['q'].trim() !== '' ? body['q'].trim() : null;
    const input = await checkedStartInput({ knex, app: live.app, records, starterId: actor.id, now: new Date() }, process, body['input']);
    if (entity && typeof body['recordId'] === 'string') {
      ids = [(await records.get(entity, body['recordId'])).id];
    } else if (entity && (body['filter'] !== undefined || q !== null)) {
      // The records a list shows (its condition and search text), as the caller may read them; the
      // first MAX_MANUAL_RECORDS of them, and the answer says when more matched.
      const page = await records.list(entity, { filter: body['filter'] ?? null, sort: [], limit: MAX_MANUAL_RECORDS, cursor: null, q, expand: [], count: false, deleted: 'exclude' });
      ids = page.data.map((r) => r.id);
      truncated = page.nextCursor !== null;
    } else if (entity) {
      throw BadRequestError.create('Give the record to start on ("recordId") or a filter of records ("filter").', [
        { field: 'recordId', code: 'REQUIRED', message: 'Give recordId or filter.', message_ru: 'Укажите recordId или filter.' },
      ]);
    }
    const runs = await knex.transaction(async (trx) => {
      const started = [];
      for (const id of entity ? ids : [null]) {
        started.push(
          await host.engine.startProcess(trx, live, process.name, {
            trigger: { type: 'manual', entity: entity ?? null, recordId: id, input, startedBy: actor.id },
            subject: entity ? { entity, id } : null,
            user: actor,
            dedupeKey: key ? `manual:${process.name}:${key}:${id ?? '-'}` : null,
            mode: 'manual',
          }),
        );
      }
      return started;
    });
    host.engine.wake();
    // Queued, not run: the request only inserts the runs; workers advance them, and each is
    // polled at GET /api/runs/:runId (a script never runs in the request or its transaction).
    res.status(202).json({ data: runs.map((r) => ({ runId: r.runId, created: r.created, status: r.status })), count: runs.length, truncated } satisfies ManualStartResponse);
  });

  return router;
}
