import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { isJsonObject, toJson, type JsonObject, type JsonValue } from '../json.types.js';
import { RunSession } from '../execution/run-session.js';
import type { SessionRun } from '../run/run-state.types.js';
import type { SessionEnv } from '../execution/run-session.types.js';
import type { EngineUser, ProcessActor } from '../ports/engine.ports.js';
import { emptyRunContext } from '../store/run-context.codec.js';
import { memoryStepStore } from '../store/run-steps.store.js';
import { matchingProcesses } from '../triggers/record-trigger.matcher.js';
import type { App } from '@crm/schemas';

/*
 * A test run on the canvas: the process runs against a sample record (or a stored one) with the
 * real nodes, inside a transaction that is always rolled back, so nothing it writes stays. Nodes
 * that reach outside (HTTP) only report what they would send; e-mail stays in the rolled-back
 * outbox; waits and approvals do not wait but take the outcome given for them (or the usual one).
 * The report is the path taken and every step's output and effects.
 */

export interface SimulationRequest {
  /** A sample record (its fields); used when recordId is absent. */
  record?: Record<string, unknown>;
  /** A stored record to run on (read with the process's rights). */
  recordId?: string;
  /** For record triggers: the record before the change, to test `changed` conditions. */
  before?: Record<string, unknown> | null;
  action?: 'create' | 'update' | 'delete';
  trigger?: JsonObject;
  user: EngineUser | null;
  /** Node id -> the handle a waiting node (approval, wait) takes. */
  outcomes?: Record<string, string>;
  /**
   * Walk the graph even when the trigger would not start the process for this record. Without it,
   * a record the trigger does not match stops at the trigger, as a real save would.
   */
  ignoreTrigger?: boolean;
}

export interface SimulationStep {
  nodeId: string;
  nodeType: string;
  status: string;
  handle: string | null;
  input: JsonValue;
  output: JsonValue;
  effects: JsonValue;
  logs: JsonValue;
  error: JsonValue;
}

export interface SimulationReport {
  process: string;
  version: number;
  /** Whether the trigger (and its condition) would start the process for this record; null for triggers without a record. */
  triggerMatched: boolean | null;
  status: string;
  error: JsonObject | null;
  path: string[];
  steps: SimulationStep[];
  effects: JsonValue[];
  record: JsonValue;
}

export class SimulationRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function triggerEntity(app: App, name: string): string | null {
  const process = app.processes?.find((p) => p.name === name);
  const trigger = process?.trigger;
  if (!trigger) return null;
  return 'entity' in trigger && typeof trigger.entity === 'string' ? trigger.entity : null;
}

/** The report when the trigger would not start the process for the record: nothing ran. */
function notStarted(name: string, version: number, record: Record<string, unknown> | null): SimulationReport {
  return {
    process: name,
    version,
    triggerMatched: false,
    status: 'not-started',
    error: {
      code: 'TRIGGER_NOT_MATCHED',
      message: 'The trigger would not start this process for this record (its condition or event does not match), so nothing ran. Send "ignoreTrigger": true to walk the graph anyway.',
      message_ru: 'Триггер не запустил бы процесс для этой записи (не выполнено условие или событие), поэтому ничего не выполнялось. Чтобы всё равно пройти схему, передайте "ignoreTrigger": true.',
    },
    path: [],
    steps: [],
    effects: [],
    record: toJson(record),
  };
}

export async function runSimulation(knex: Knex, env: SessionEnv, live: { version: number; app: App }, name: string, request: SimulationRequest): Promise<SimulationReport> {
  const process = live.app.processes?.find((p) => p.name === name);
  if (!process) throw new SimulationRequestError('process', `There is no process ${name}.`);
  const entity = triggerEntity(live.app, name);
  const trx = await knex.transaction();
  try {
    const actor: ProcessActor = { db: trx, app: live.app, process: name, runId: '', depth: 0, user: request.user, actAs: 'system' };
    let record: Record<string, unknown> | null = null;
    if (request.recordId !== undefined) {
      if (!entity) throw new SimulationRequestError('recordId', `The process ${name} is not started on records, so it takes no record id.`);
      record = await env.ports.records.get(actor, entity, request.recordId);
      if (!record) throw new SimulationRequestError('recordId', `There is no ${entity} record ${request.recordId}.`);
    } else if (request.record !== undefined) {
      if (!isJsonObject(request.record)) throw new SimulationRequestError('record', 'record must be an object of field values.');
      record = { id: null, owner: request.user?.id ?? null, ...request.record };
    }
    let triggerMatched: boolean | null = null;
    if (entity && record && (process.trigger.type === 'record' || process.trigger.type === 'stage')) {
      const action = request.action ?? (request.recordId ? 'update' : 'create');
      const before = request.before === undefined ? (action === 'create' ? null : record) : request.before;
      const matched = await matchingProcesses(live.app, { entity, action, before, after: record, user: request.user }, process.mode ?? 'after-save', env.ports.records, actor, env.clock());
      triggerMatched = matched.some((p) => p.name === name);
    }
    if (triggerMatched === false && request.ignoreTrigger !== true) return notStarted(name, live.version, record);
    const run: SessionRun = {
      id: crypto.randomUUID(),
      process: name,
      version: live.version,
      mode: 'simulate',
      status: 'running',
      trigger: request.trigger ?? { type: process.trigger.type, simulated: true, ...(record ? { after: toJson(record) } : {}) },
      subject: entity ? { entity, id: record && typeof record['id'] === 'string' ? record['id'] : null } : null,
      user: request.user,
      depth: 0,
      parent: null,
      context: emptyRunContext(),
      error: null,
    };
    const store = memoryStepStore();
    const working = record;
    const session = new RunSession(
      trx,
      run,
      live.app,
      process,
      { ...env, ...(request.outcomes ? { simulatedOutcomes: request.outcomes } : {}) },
      store,
      new Set(),
      working,
      working ? (values) => Object.assign(working, values) : null,
    );
    session.start();
    await session.drain();
    const steps: SimulationStep[] = store.steps.map((s) => ({
      nodeId: s.nodeId,
      nodeType: s.nodeType,
      status: s.status,
      handle: s.handle,
      input: s.input,
      output: s.output,
      effects: toJson(s.effects),
      logs: toJson(s.logs),
      error: s.error,
    }));
    const finished = steps.filter((s) => s.status !== 'waiting');
    return {
      process: name,
      version: live.version,
      triggerMatched,
      status: run.status === 'running' ? 'completed' : run.status,
      error: run.error,
      path: finished.map((s) => s.nodeId),
      steps: finished,
      effects: finished.flatMap((s) => (Array.isArray(s.effects) ? s.effects : [])),
      record: toJson(working),
    };
  } finally {
    await trx.rollback();
  }
}
