import { completeTask, getTask, listTasks } from '@crm/engine';
import { Router } from 'express';
import type { HumanTask, HumanTaskList, RecordProcessTaskList, TaskAssignee, TaskReassigned } from '@crm/schemas';
import { BadRequestError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { isAdmin } from '../people/admin-role.check.js';
import { isUuid, readRecordTitles, titleKey } from '../records/index.js';
import { readRecordTasks } from './record-tasks.reader.js';
import { runViewerFor } from './run-visibility.js';
import { fromEngineRequestError } from './step-failure.mapper.js';
import { reassignCandidates, reassignTask } from './tasks-reassign.service.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * GET /api/tasks?assignee=me (the default) | <user id> | all, &status=open (default) | completed | all,
 * &kind=task | approval; POST /api/tasks/:id/complete {outcome, comment}. People see and complete
 * their own tasks; admins anyone's. GET /api/tasks/:id/assignees and POST /api/tasks/:id/reassign
 * {assignee}: who an open task may be handed to, and handing it (tasks-reassign.service.ts).
 * GET /api/tasks/on-record/:entity/:recordId: every task and approval processes gave anyone about
 * a record, for whoever may read the record (record-tasks.reader.ts says what each reader sees).
 */

const STATUSES = new Set(['open', 'completed', 'cancelled', 'escalated', 'expired', 'all']);

export function tasksRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const admin = await isAdmin(actor, context.definitions);
    const assigneeParam = typeof req.query['assignee'] === 'string' ? req.query['assignee'] : 'me';
    let assigneeId: string | null = actor.id;
    if (assigneeParam !== 'me') {
      if (!admin && assigneeParam !== actor.id) {
        throw BadRequestError.create('You can list only your own tasks (assignee=me).', [
          { field: 'assignee', code: 'NOT_ALLOWED', message: 'You can list only your own tasks.', message_ru: 'Можно смотреть только свои задачи.' },
        ]);
      }
      if (assigneeParam === 'all') assigneeId = null;
      else if (isUuid(assigneeParam)) assigneeId = assigneeParam;
      else throw BadRequestError.create('assignee must be "me", "all" or a user id.', [{ field: 'assignee', code: 'INVALID_PARAMETER', message: 'assignee must be "me", "all" or a user id.', message_ru: 'assignee: me, all или id пользователя.' }]);
    }
    const status = typeof req.query['status'] === 'string' ? req.query['status'] : 'open';
    if (!STATUSES.has(status)) throw BadRequestError.create(`status must be one of ${[...STATUSES].join(', ')}.`, [{ field: 'status', code: 'INVALID_PARAMETER', message: 'Unknown status.', message_ru: 'Неизвестный статус.' }]);
    const kind = typeof req.query['kind'] === 'string' ? req.query['kind'] : null;
    const data = await listTasks(knex, { assigneeId, status: status === 'all' ? null : status, kind });
    res.json({ data } satisfies HumanTaskList);
  });

  router.get('/on-record/:entity/:recordId', async (req, res) => {
    const actor = requireActor(req);
    const { entity, recordId } = req.params;
    const live = await context.definitions.getLive();
    const missing = () =>
      NotFoundError.create(`There is no ${entity} record ${recordId}.`, [{ field: 'recordId', code: 'NOT_FOUND', message: `There is no ${entity} record ${recordId}.`, message_ru: `Записи ${recordId} нет.` }]);
    if (!live || !live.app.entities.some((e) => e.name === entity) || !isUuid(recordId)) throw missing();
    const viewer = await runViewerFor(knex, live, actor, context.definitions);
    // Read as the caller through the records service: scope, sharing and a deleted record answer as the record's page does.
    const found = (await readRecordTitles(knex, { app: live.app, policy: viewer.policy, caller: { user: actor } }, [{ entity, id: recordId }])).get(titleKey(entity, recordId));
    if (!found || found.hidden) throw missing();
    const data = await readRecordTasks(knex, { actorId: actor.id, full: viewer.full, policy: viewer.policy, live }, entity, recordId);
    res.json({ data } satisfies RecordProcessTaskList);
  });

  router.get('/:id', async (req, res) => {
    const actor = requireActor(req);
    const task = await getTask(knex, req.params.id);
    if (!task || (task.assignee !== actor.id && !(await isAdmin(actor, context.definitions)))) {
      throw NotFoundError.create(`There is no task ${req.params.id}.`, [{ field: 'id', code: 'NOT_FOUND', message: `There is no task ${req.params.id}.`, message_ru: `Задачи ${req.params.id} нет.` }]);
    }
    res.json(task satisfies HumanTask);
  });

  router.post('/:id/complete', async (req, res) => {
    const actor = requireActor(req);
    const body: unknown = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw BadRequestError.create('Send {"outcome": "...", "comment": "..."}.');
    const outcome = 'outcome' in body ? body.outcome : undefined;
    const comment = 'comment' in body ? body.comment : undefined;
    try {
      const task = await completeTask(knex, { taskId: req.params.id, userId: actor.id, isAdmin: await isAdmin(actor, context.definitions), outcome, comment });
      res.json(task satisfies HumanTask);
    } catch (error) {
      throw fromEngineRequestError(error);
    }
  });

  router.get('/:id/assignees', async (req, res) => {
    const actor = requireActor(req);
    const data = await reassignCandidates(knex, req.params.id, { id: actor.id, isAdmin: await isAdmin(actor, context.definitions) });
    res.json({ data } satisfies { data: TaskAssignee[] });
  });

  router.post('/:id/reassign', async (req, res) => {
    const actor = requireActor(req);
    const body: unknown = req.body ?? {};
    const assignee = typeof body === 'object' && body !== null && 'assignee' in body ? body.assignee : undefined;
    res.json((await reassignTask(knex, req.params.id, assignee, { id: actor.id, isAdmin: await isAdmin(actor, context.definitions) })) satisfies TaskReassigned);
  });

  return router;
}
