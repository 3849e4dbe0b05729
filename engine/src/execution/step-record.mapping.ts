import type { Node } from '@crm/schemas';
import { toJson, type JsonObject, type JsonValue } from '../json.types.js';
import type { NodeResult, StepEffect, StepWrite } from '../nodes/node-type.js';
import type { SessionJob, StepRecord } from '../run/run-state.types.js';

/*
 * What one step leaves in run history (run_steps, or a simulation's report), from what its node
 * answered or how it failed; and the handle its token leaves by and the output the run keeps.
 */

/** What the session gathered while a step ran. */
export interface StepWork {
  startedAt: Date;
  /** The node's config as resolved for this step. */
  input: JsonValue;
  effects: StepEffect[];
  logs: StepRecord['logs'];
  /** Rows the step writes with its own row (NodeContext.writeWithStep). */
  writes: StepWrite[];
}

/** The edges the token leaves by: the node's handle, a loop's `each`; none for a wait or an end. */
export function handleOf(result: NodeResult): string | null {
  if (result.kind === 'continue') return result.handle ?? 'out';
  return result.kind === 'loop' ? 'each' : null;
}

/** The output the step shows and later steps read (`$steps.<node>`): a loop's is its item count. */
export function outputOf(result: NodeResult): JsonValue {
  return result.kind === 'loop' ? { count: result.items.length, entity: result.entity } : toJson(result.output ?? null);
}

/** A step that completed, or that waits (it has no finish time until it resumes). */
export function finishedStepRecord(node: Node, job: SessionJob, result: NodeResult, work: StepWork, finishedAt: Date): StepRecord {
  const waiting = result.kind === 'wait';
  return {
    nodeId: node.id,
    nodeType: node.type,
    token: job.token,
    attempt: job.attempt,
    status: waiting ? 'waiting' : 'completed',
    input: work.input,
    output: outputOf(result),
    handle: handleOf(result),
    effects: work.effects,
    logs: work.logs,
    error: null,
    startedAt: work.startedAt,
    finishedAt: waiting ? null : finishedAt,
    ...(work.writes.length > 0 ? { writes: work.writes } : {}),
  };
}

/** A step that failed: its effects were rolled back and its rows are not written; its logs are kept. */
export function failedStepRecord(node: Node, job: SessionJob, work: Omit<StepWork, 'effects' | 'writes'>, error: JsonObject, finishedAt: Date): StepRecord {
  return {
    nodeId: node.id,
    nodeType: node.type,
    token: job.token,
    attempt: job.attempt,
    status: 'failed',
    input: work.input,
    output: null,
    handle: null,
    effects: [],
    logs: work.logs,
    error,
    startedAt: work.startedAt,
    finishedAt,
  };
}
