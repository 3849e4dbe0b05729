import type { JsonValue, ScriptRunRequest, ScriptSandboxOptions } from './sandbox.types.js';
import type { PreparedRun, RunSettings } from './script-run.session.js';
import { invalidParameterName, isIdentifier, wrapScriptSource } from './script-source.wrapper.js';

/*
 * What a run request may ask for, and the defaults it gets. Checked twice: by the host before a
 * run is queued (so a caller's mistake throws in the caller, not in the sandbox process) and again
 * by the sandbox process that runs it. Mistakes of the caller (an input key that cannot be a
 * parameter, input that is not JSON, a limit out of range) throw.
 */
export const DEFAULTS = {
  timeoutMs: 1000,
  memoryMb: 32,
  minWallTimeoutMs: 2000,
  wallTimeoutFactor: 5,
  maxOutputBytes: 256 * 1024,
  maxConcurrentRuns: 16,
  maxIdleIsolates: 8,
  maxRunsPerIsolate: 500,
  maxLogLines: 200,
  maxLogLineChars: 2000,
  maxApiCalls: 500,
  maxApiPayloadBytes: 4 * 1024 * 1024,
  maxJsonDepth: 64,
  maxMessageChars: 2000,
  maxSourceChars: 512 * 1024,
  /** Two scripts at the schema's largest limit (256 MB), or sixteen at the default 32 MB. */
  maxTotalMemoryMb: 512,
} as const;

/** isolated-vm refuses smaller heaps. */
export const MIN_MEMORY_MB = 8;

export function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) throw new RangeError(`${name} must be a number >= ${min}, got ${value}`);
  return value;
}

export type RunLimits = Pick<RunSettings, 'maxLogLines' | 'maxLogLineChars' | 'maxApiCalls' | 'maxApiPayloadBytes' | 'maxJsonDepth' | 'maxMessageChars'>;

export function runLimits(options: ScriptSandboxOptions): RunLimits {
  return {
    maxLogLines: positive('maxLogLines', options.maxLogLines, DEFAULTS.maxLogLines),
    maxLogLineChars: positive('maxLogLineChars', options.maxLogLineChars, DEFAULTS.maxLogLineChars),
    maxApiCalls: positive('maxApiCalls', options.maxApiCalls, DEFAULTS.maxApiCalls),
    maxApiPayloadBytes: positive('maxApiPayloadBytes', options.maxApiPayloadBytes, DEFAULTS.maxApiPayloadBytes),
    maxJsonDepth: positive('maxJsonDepth', options.maxJsonDepth, DEFAULTS.maxJsonDepth),
    maxMessageChars: DEFAULTS.maxMessageChars,
  };
}

export function runSettings(request: ScriptRunRequest, limits: RunLimits): RunSettings {
  const timeoutMs = positive('timeoutMs', request.timeoutMs, DEFAULTS.timeoutMs);
  const defaultWall = Math.max(DEFAULTS.wallTimeoutFactor * timeoutMs, DEFAULTS.minWallTimeoutMs);
  return {
    ...limits,
    timeoutMs,
    wallTimeoutMs: positive('wallTimeoutMs', request.wallTimeoutMs, defaultWall),
    maxOutputBytes: positive('maxOutputBytes', request.maxOutputBytes, DEFAULTS.maxOutputBytes),
  };
}

export function prepareRun(request: ScriptRunRequest): PreparedRun {
  if (typeof request.source !== 'string') throw new TypeError('source must be a string');
  const input = request.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('input must be an object');
  const names = Object.keys(input);
  for (const name of names) {
    const problem = invalidParameterName(name);
    if (problem) throw new TypeError(problem);
  }
  const api = request.api ?? {};
  for (const name of Object.keys(api)) {
    if (!isIdentifier(name)) throw new TypeError(`api name "${name}" is not an identifier`);
  }
  const values: JsonValue[] = names.map((name) => input[name] ?? null);
  return {
    source: request.source,
    code: wrapScriptSource(request.source, names),
    // Throws on cycles and BigInt: the caller's input must be JSON.
    argsJson: JSON.stringify(values),
    api,
    memoryMb: positive('memoryMb', request.memoryMb, DEFAULTS.memoryMb, MIN_MEMORY_MB),
  };
}
