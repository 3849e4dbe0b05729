import { isJsonObject, toJson, type JsonObject, type JsonValue } from '../json.types.js';
import type { ResumeSignal, RunMode } from '../nodes/node-type.js';

/*
 * Values the session maps for a step: the signal a waiting job resumes with (from the job row's
 * stored signal: a task's outcome, a child run's end, a record condition; with none, its timer;
 * a simulation takes the outcome given for the node instead of waiting), and the step's input as
 * run history shows it.
 */

const INPUT_TEXT_LIMIT = 2000;

export function resumeSignalOf(signal: JsonObject | null, mode: RunMode, simulatedHandle: string | undefined): ResumeSignal {
  if (mode === 'simulate') return simulatedHandle === undefined ? { type: 'simulated' } : { type: 'simulated', handle: simulatedHandle };
  if (!signal) return { type: 'timer' };
  switch (signal['type']) {
    case 'task':
      return { type: 'task', taskId: typeof signal['taskId'] === 'string' ? signal['taskId'] : '' };
    case 'condition':
      return { type: 'condition' };
    case 'child':
      return {
        type: 'child',
        runId: typeof signal['runId'] === 'string' ? signal['runId'] : '',
        status: signal['status'] === 'failed' ? 'failed' : 'completed',
        output: toJson(signal['output']),
      };
    default:
      return { type: 'timer' };
  }
}

/** A step's input as shown in run history: long texts cut, so a big record does not bloat every step. */
export function trimmedInput(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.length > INPUT_TEXT_LIMIT ? `${value.slice(0, INPUT_TEXT_LIMIT)}…` : value;
  if (Array.isArray(value)) return value.map(trimmedInput);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) out[key] = trimmedInput(toJson(member));
    return out;
  }
  return value;
}
