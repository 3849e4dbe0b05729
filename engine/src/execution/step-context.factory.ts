import type { App, Node } from '@crm/schemas';
import type { Knex } from 'knex';
import type { NodeContext, StepEffect, StepWrite } from '../nodes/node-type.js';
import type { ProcessActor } from '../ports/engine.ports.js';
import { stepError } from '../run/step-failure.js';
import { resolveValue } from '../values/value.resolver.js';
import type { ValueScope } from '../values/value-scope.js';
import type { SessionJob, SessionRun, StepRecord } from '../run/run-state.types.js';
import type { SessionEnv } from './run-session.types.js';

/*
 * What a node sees while it runs one step: the run, its values, the step's database handle (the
 * step's savepoint; for external work, the plain pool, a connection per call), the ports, and the
 * step's idempotency key, `<run>:<node>:<token>:<visit>`, the same on every attempt.
 */

/** What the session lends a step's context. */
export interface StepContextSource {
  run: SessionRun;
  app: App;
  timeZone: string;
  env: SessionEnv;
  visit: number;
  scope: ValueScope;
  record(): Record<string, unknown> | null;
  setRecordFields(db: Knex, values: Record<string, unknown>): Promise<void>;
  actor(actAs?: 'system' | 'user'): ProcessActor;
}

/** What a step leaves besides its result: its effects, logs and the rows it writes with its step row. */
export interface StepOutputs {
  effects: StepEffect[];
  logs: StepRecord['logs'];
  writes: StepWrite[];
}

export function createStepContext(source: StepContextSource, db: Knex, job: SessionJob, node: Node, outputs: StepOutputs): NodeContext {
  const { effects, logs, writes } = outputs;
  const { run, app, env, scope } = source;
  const key = `${run.id}:${job.nodeId}:${job.token}:${source.visit}`;
  return {
    node,
    run: { id: run.id, process: run.process, version: run.version, depth: run.depth, mode: run.mode, token: job.token, user: run.user, subject: run.subject },
    app,
    timeZone: source.timeZone,
    db,
    ports: env.ports,
    now: scope.now,
    scope,
    idempotencyKey: key,
    resolve: (value) => resolveValue(value, scope),
    record: () => source.record(),
    setRecordFields: (values) => source.setRecordFields(db, values),
    actor: (actAs) => ({ ...source.actor(actAs), db }),
    effect: (effect) => effects.push(effect),
    writeWithStep: (write) => writes.push(write),
    log: (level, message) => logs.push({ level, message }),
    startChildRun: (process, input, wait) => {
      const target = app.processes?.find((p) => p.name === process);
      if (!target) throw stepError('UNKNOWN_PROCESS', `There is no process ${process} to call.`);
      return env.startChildRun(db, run, { app, version: run.version, process: target, input, wait, token: job.token, nodeId: job.nodeId, key });
    },
  };
}
