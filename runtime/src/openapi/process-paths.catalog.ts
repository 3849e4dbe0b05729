import { SIMULATE_REQUEST_SCHEMA, type JsonSchema } from '@crm/schemas';
import { ANY_OBJECT, headerParam, jsonAnswer, jsonBody, operation, pathParam, queryParam } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * Processes, their runs, human tasks and inbound hooks (processes/). The simulate body is the
 * contract's own JSON Schema (schemas/src/http/process-simulate.contract.ts).
 */

const NAME = pathParam('name', 'The process name.');
const ID = pathParam('id', 'The id.', { type: 'string', format: 'uuid' });
const IDEMPOTENCY_KEY = headerParam('Idempotency-Key', 'The same key again starts nothing new and answers the first run.');
const STARTED: JsonSchema = { type: 'object', properties: { runId: { type: 'string' }, created: { type: 'boolean' } }, required: ['runId', 'created'] };

const NULLABLE_STRING: JsonSchema = { type: ['string', 'null'] };

/** A human task or approval as engine/src/tasks/human-tasks.service.ts answers it. */
const HUMAN_TASK: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['task', 'approval'] },
    title: { type: 'string' },
    description: NULLABLE_STRING,
    assignee: NULLABLE_STRING,
    status: { type: 'string', description: 'open, completed, cancelled, escalated or expired.' },
    outcome: NULLABLE_STRING,
    comment: NULLABLE_STRING,
    completedBy: NULLABLE_STRING,
    completedAt: { type: ['string', 'null'], format: 'date-time' },
    dueAt: { type: ['string', 'null'], format: 'date-time' },
    remindAt: { type: ['string', 'null'], format: 'date-time' },
    entity: NULLABLE_STRING,
    recordId: NULLABLE_STRING,
    runId: NULLABLE_STRING,
    nodeId: NULLABLE_STRING,
    escalation: { type: ['object', 'null'], description: 'An approval that reached this person by escalation: round, from (user ids), reason.' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'kind', 'title', 'assignee', 'status', 'createdAt'],
};
const TASK: JsonSchema = { $ref: '#/components/schemas/HumanTask' };

const COUNT = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });
const RUN_QUEUE: JsonSchema = {
  type: 'object',
  properties: {
    at: { type: 'string', format: 'date-time', description: 'The database clock when this was read.' },
    due: COUNT('Jobs a worker could take now.'),
    leased: COUNT('Jobs held by a lease: external calls in flight.'),
    later: COUNT('Jobs due later: timers, retries.'),
    onSignal: COUNT('Jobs waiting with no due time: approvals, record waits, signals.'),
    parked: COUNT('Jobs that failed after their retries, waiting for an admin.'),
    oldestDue: {
      type: ['object', 'null'],
      description: 'The job due longest: a queue that stopped moving shows it growing late.',
      properties: {
        runId: { type: 'string', format: 'uuid' },
        process: { type: 'string' },
        nodeId: { type: 'string' },
        dueAt: { type: 'string', format: 'date-time' },
        lateMs: { type: 'integer', minimum: 0 },
        attempt: { type: 'integer' },
        lastError: { description: 'The error of the attempt before, or null.' },
      },
      required: ['runId', 'process', 'nodeId', 'dueAt', 'lateMs', 'attempt', 'lastError'],
    },
    process: {
      type: 'object',
      description: 'The process that answered: its workers only (a process serving HTTP alone has none).',
      properties: { pid: { type: 'integer' }, workers: { type: 'array', items: ANY_OBJECT } },
      required: ['pid', 'workers'],
    },
  },
  required: ['at', 'due', 'leased', 'later', 'onSignal', 'parked', 'oldestDue', 'process'],
};

function simulateRequest(): JsonSchema {
  const { $id: _id, ...schema } = SIMULATE_REQUEST_SCHEMA;
  return JSON.parse(JSON.stringify(schema));
}

export function processPaths(): PathSet {
  return {
    schemas: { SimulateRequest: simulateRequest(), HumanTask: HUMAN_TASK },
    paths: {
      '/api/processes/{name}/runs': {
        get: operation({
          id: 'processRuns',
          tag: 'processes',
          summary: 'A process’s runs',
          params: [NAME, queryParam('status', 'Only runs in this status.'), queryParam('recordId', 'Only runs about this record.'), queryParam('limit', 'Page size.', { type: 'integer', minimum: 1 }), queryParam('cursor', 'The nextCursor of the previous page.')],
          ok: { '200': jsonAnswer('Runs, newest first; a manual run names who started it (startedBy), a waiting one what it waits for (waitingOn: undecided approvers with the deadline, or a Wait step’s time), and a manual run what was answered in its start form (answers: each question with its answer; a record the caller may not read is left out).', ANY_OBJECT) },
          errors: ['400', '403', '404'],
        }),
      },
      '/api/processes/{name}/runs/progress': {
        post: operation({
          id: 'processRunProgress',
          tag: 'processes',
          summary: 'How a bulk start’s runs are going',
          params: [NAME],
          body: jsonBody({ type: 'object', properties: { runIds: { type: 'array', items: { type: 'string' }, maxItems: 1000, description: 'The runIds a start answered with.' } }, required: ['runIds'] }),
          ok: { '200': jsonAnswer('Of the runs the caller may see, how many are in each status (counts), and the first 20 failed ones with their records (failed).', ANY_OBJECT) },
          errors: ['400', '415'],
        }),
      },
      '/api/processes/{name}/simulate': {
        post: operation({ id: 'simulateProcess', tag: 'processes', summary: 'A test run that writes nothing', params: [NAME], body: jsonBody({ $ref: '#/components/schemas/SimulateRequest' }), ok: { '200': jsonAnswer('The path taken, each step with input and output.', ANY_OBJECT) }, errors: ['400', '403', '404', '415', '422'] }),
      },
      '/api/processes/{name}/start': {
        post: operation({
          id: 'startProcess',
          tag: 'processes',
          summary: 'Start a manual process',
          params: [NAME, IDEMPOTENCY_KEY],
          body: jsonBody({ type: 'object', properties: { recordId: { type: 'string' }, filter: { description: 'A condition choosing the records to start on (the first 1,000).' }, q: { type: 'string', description: 'Search text, with or without filter, as a list searches.' }, input: { description: 'The answers to the start form (trigger.inputs), by question name, checked like record fields; without a form, passed on as sent. A bad answer is a 400 naming input.<question>.' } } }),
          ok: { '202': jsonAnswer('Started.', ANY_OBJECT) },
          errors: ['400', '403', '404', '415'],
        }),
      },
      '/api/runs': {
        get: operation({
          id: 'listAllRuns',
          tag: 'processes',
          summary: 'The runs of every process, newest first (admins)',
          params: [
            queryParam('status', 'One status, or all (the default).', { type: 'string', enum: ['running', 'waiting', 'completed', 'failed', 'cancelled', 'all'] }),
            queryParam('process', 'Only this process’s runs.'),
            queryParam('limit', 'Runs per page: 1–200, 50 by default.', { type: 'integer', minimum: 1 }),
            queryParam('cursor', 'The nextCursor of the page before.'),
          ],
          ok: { '200': jsonAnswer('A page of runs.', { type: 'object', properties: { data: { type: 'array', items: ANY_OBJECT }, nextCursor: NULLABLE_STRING }, required: ['data', 'nextCursor'] }) },
          errors: ['400', '401', '403'],
        }),
      },
      '/api/runs/queue': {
        get: operation({ id: 'getRunQueue', tag: 'processes', summary: 'The job queue and this process’s workers (admins)', ok: { '200': jsonAnswer('The queue.', RUN_QUEUE) }, errors: ['401', '403'] }),
      },
      '/api/runs/retry': {
        post: operation({
          id: 'retryFailedRuns',
          tag: 'processes',
          summary: 'Retry every failed run with a failed step, of one process or of all, oldest first, up to 500 a request (admins)',
          body: jsonBody({ type: 'object', properties: { process: { type: 'string', description: 'Only this process’s runs.' } }, additionalProperties: false }),
          ok: {
            '200': jsonAnswer('The runs retried, those refused (changed meanwhile) and whether more wait.', {
              type: 'object',
              properties: {
                retried: { type: 'array', items: { type: 'string' } },
                refused: { type: 'array', items: ANY_OBJECT },
                more: { type: 'boolean' },
              },
              required: ['retried', 'refused', 'more'],
            }),
          },
          errors: ['400', '401', '403', '415'],
        }),
      },
      '/api/runs/{id}': {
        get: operation({ id: 'getRun', tag: 'processes', summary: 'A run: each step with input, output, timing, error', params: [ID], ok: { '200': jsonAnswer('The run.', ANY_OBJECT) }, errors: ['404'] }),
      },
      '/api/runs/{id}/retry': {
        post: operation({ id: 'retryRun', tag: 'processes', summary: 'Retry a failed run (admins)', params: [ID], ok: { '200': jsonAnswer('The run.', ANY_OBJECT) }, errors: ['403', '404', '409'] }),
      },
      '/api/runs/{id}/cancel': {
        post: operation({ id: 'cancelRun', tag: 'processes', summary: 'Cancel a waiting or running run (admins)', params: [ID], ok: { '200': jsonAnswer('The run.', ANY_OBJECT) }, errors: ['403', '404', '409'] }),
      },
      '/api/tasks': {
        get: operation({
          id: 'listTasks',
          tag: 'tasks',
          summary: 'Human tasks and approvals',
          params: [
            queryParam('assignee', '"me" (default); admins: "all" or a person id.'),
            queryParam('status', 'open (default), completed, cancelled, escalated, expired or all.', { type: 'string', enum: ['open', 'completed', 'cancelled', 'escalated', 'expired', 'all'] }),
            queryParam('kind', 'task or approval.', { type: 'string', enum: ['task', 'approval'] }),
          ],
          ok: { '200': jsonAnswer('Tasks.', { type: 'object', properties: { data: { type: 'array', items: TASK } }, required: ['data'] }) },
          errors: ['400', '403'],
        }),
      },
      '/api/tasks/{id}': {
        get: operation({ id: 'getTask', tag: 'tasks', summary: 'One task', params: [ID], ok: { '200': jsonAnswer('The task.', TASK) }, errors: ['404'] }),
      },
      '/api/tasks/{id}/complete': {
        post: operation({
          id: 'completeTask',
          tag: 'tasks',
          summary: 'Complete a task or decide an approval',
          params: [ID],
          body: jsonBody({ type: 'object', properties: { outcome: { type: 'string', description: 'An approval’s outcome, e.g. approved or rejected.' }, comment: { type: 'string' } } }),
          ok: { '200': jsonAnswer('The task.', TASK) },
          errors: ['400', '403', '404', '409', '415'],
        }),
      },
      '/api/tasks/{id}/assignees': {
        get: operation({ id: 'taskAssignees', tag: 'tasks', summary: 'Who the task may be handed to', params: [ID], ok: { '200': jsonAnswer('People.', ANY_OBJECT) }, errors: ['403', '404'] }),
      },
      '/api/tasks/{id}/reassign': {
        post: operation({ id: 'reassignTask', tag: 'tasks', summary: 'Hand a task to someone else', params: [ID], body: jsonBody({ type: 'object', properties: { assignee: { type: 'string', format: 'uuid' } }, required: ['assignee'] }), ok: { '200': jsonAnswer('The task.', ANY_OBJECT) }, errors: ['400', '403', '404', '409', '415'] }),
      },
      '/api/hooks/{name}': {
        post: operation({
          id: 'inboundHook',
          tag: 'hooks',
          summary: 'Inbound webhook or web form: starts the process listening on it',
          description: 'JSON or an HTML form body, checked against the hook’s schema when it has one.',
          public: true,
          params: [pathParam('name', 'The hook name.'), headerParam('X-Hook-Secret', 'The hook’s secret, when it has one.'), IDEMPOTENCY_KEY],
          body: { required: false, content: { 'application/json': { schema: ANY_OBJECT }, 'application/x-www-form-urlencoded': { schema: ANY_OBJECT } } },
          ok: { '202': jsonAnswer('The run started (or the one the idempotency key started before).', STARTED) },
          errors: ['400', '401', '404', '413', '415'],
        }),
      },
    },
  };
}
