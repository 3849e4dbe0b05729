/*
 * @crm/engine: executes process graphs. The runtime passes in the ports it needs (records, people,
 * outbound HTTP, definitions, scripts); the engine keeps its durable state in PostgreSQL through knex.
 * See README.md for how a run moves through it.
 */
export { engineMigrations, type EngineMigration } from './store/engine.migrations.js';
export { createEngine, DEFAULT_ENGINE_OPTIONS, type Engine, type EngineDeps, type LiveApp, type StartProcessSpec, type WorkerSpec } from './engine.factory.js';
export type { EngineOptions, EngineProbe, EngineProbePoint } from './execution/run-session.types.js';
export type {
  DateDueQuery,
  DefinitionsPort,
  EnginePorts,
  EngineRecord,
  EngineUser,
  HttpPort,
  HttpRequestSpec,
  HttpResponseSpec,
  PeoplePort,
  ProcessActor,
  RecordQuery,
  RecordsPort,
  ScriptLog,
  ScriptOutcome,
  ScriptPort,
  ScriptRequest,
} from './ports/engine.ports.js';
export type { TextTemplatesPort, TemplateOutcome } from './ports/text-templates.port.js';
export { StepFailure, isStepFailure, stepError } from './run/step-failure.js';
export { SAVE_REFUSED, saveRefusalOf, type SaveRefusal } from './run/save-refusal.factory.js';
export type { RecordChange, PendingSave } from './triggers/record-change.types.js';
export { EngineRequestError, isEngineRequestError, type EngineRequestErrorCode } from './engine-request.error.js';
export { runWaits, type RunWait } from './store/run-waits.reader.js';
export { listRuns, getRun, runStartInputs, type RunDetail, type RunQuery, type RunStep, type RunSummary, type RunWaiting } from './store/run-history.reader.js';
export { retryRun, retryFailedRuns, cancelRun, type BulkRetryOutcome, type BulkRetryRefusal } from './runs/run-admin.service.js';
export { readQueueHealth } from './store/queue-health.reader.js';
export { listTasks, getTask, completeTask, type HumanTask, type TaskQuery, type CompleteTaskRequest } from './tasks/human-tasks.service.js';
export { SimulationRequestError, type SimulationReport, type SimulationRequest, type SimulationStep } from './simulate/process.simulator.js';
export { ENGINE_CHANNEL, moveRecordWaits, recordWaitsLockQuery, lockedWaitsOf, type LockedWait } from './store/job-signal.store.js';
export { NODE_TYPES } from './nodes/node.registry.js';
export { createSandboxScriptPort } from './execution/sandbox-script.port.js';
export * from './sandbox/index.js';
export { checkProcessScripts } from './validation/process-scripts.checker.js';
export { checkProcessSchedules } from './validation/process-schedules.checker.js';
export { checkProcessLimits, processLimitsCheck } from './validation/process-limits.checker.js';
export type { EngineWorker, WorkerDuty, WorkerHealth, WorkerLoopHealth } from './worker/engine.worker.js';
export type { JsonValue, JsonObject } from './json.types.js';
export { nextTick, latestTick, scheduleProblem, scheduleSpecOf, type ScheduleSpec } from './triggers/schedule-ticks.js';
export { scheduleRows, type ScheduleRow } from './triggers/schedule-state.store.js';
export { dateCursorRows, type DateCursorRow } from './triggers/date-trigger-cursor.store.js';
