import { IsolatePool } from './isolate.pool.js';
import type {
  JsonValue,
  ScriptErrorCode,
  ScriptRunRequest,
  ScriptRunResult,
  ScriptSandbox,
  ScriptSandboxOptions,
  ScriptSandboxStats,
} from './sandbox.types.js';
import { ScriptCodeCache } from './script-code.cache.js';
import { runInIsolate, type PreparedRun, type RunSettings } from './script-run.session.js';
import { invalidParameterName, isIdentifier, wrapScriptSource } from './script-source.wrapper.js';

/*
 * request -> checked and wrapped (host) -> a leased isolate -> runInIsolate -> result.
 * Mistakes of the caller (an input key that cannot be a parameter, input that is not JSON, a
 * limit out of range) throw; everything the script does ends as a result value.
 */
const DEFAULTS = {
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
} as const;

/** isolated-vm refuses smaller heaps. */
const MIN_MEMORY_MB = 8;

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) throw new RangeError(`${name} must be a number >= ${min}, got ${value}`);
  return value;
}

export function createScriptSandbox(options: ScriptSandboxOptions = {}): ScriptSandbox {
  const limits = {
    maxLogLines: positive('maxLogLines', options.maxLogLines, DEFAULTS.maxLogLines),
    maxLogLineChars: positive('maxLogLineChars', options.maxLogLineChars, DEFAULTS.maxLogLineChars),
    maxApiCalls: positive('maxApiCalls', options.maxApiCalls, DEFAULTS.maxApiCalls),
    maxApiPayloadBytes: positive('maxApiPayloadBytes', options.maxApiPayloadBytes, DEFAULTS.maxApiPayloadBytes),
    maxJsonDepth: positive('maxJsonDepth', options.maxJsonDepth, DEFAULTS.maxJsonDepth),
    maxMessageChars: DEFAULTS.maxMessageChars,
  };
  const codes = new ScriptCodeCache();
  const pool = new IsolatePool({
    maxConcurrent: positive('maxConcurrentRuns', options.maxConcurrentRuns, DEFAULTS.maxConcurrentRuns),
    maxIdle: positive('maxIdleIsolates', options.maxIdleIsolates, DEFAULTS.maxIdleIsolates, 0),
    maxRunsPerIsolate: positive('maxRunsPerIsolate', options.maxRunsPerIsolate, DEFAULTS.maxRunsPerIsolate),
    codes,
    onCatastrophe: (message) => options.onCatastrophicError?.(message),
  });
  let runs = 0;
  const failures: Partial<Record<ScriptErrorCode, number>> = {};
  const inFlight = new Set<Promise<ScriptRunResult>>();
  let closed = false;

  function settingsFor(request: ScriptRunRequest): RunSettings {
    const timeoutMs = positive('timeoutMs', request.timeoutMs, DEFAULTS.timeoutMs);
    const defaultWall = Math.max(DEFAULTS.wallTimeoutFactor * timeoutMs, DEFAULTS.minWallTimeoutMs);
    return {
      ...limits,
      timeoutMs,
      wallTimeoutMs: positive('wallTimeoutMs', request.wallTimeoutMs, defaultWall),
      maxOutputBytes: positive('maxOutputBytes', request.maxOutputBytes, DEFAULTS.maxOutputBytes),
    };
  }

  function prepare(request: ScriptRunRequest): PreparedRun {
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

  function count(result: ScriptRunResult): ScriptRunResult {
    runs += 1;
    if (!result.ok) failures[result.error.code] = (failures[result.error.code] ?? 0) + 1;
    return result;
  }

  async function execute(prepared: PreparedRun, settings: RunSettings): Promise<ScriptRunResult> {
    if (prepared.source.length > DEFAULTS.maxSourceChars) {
      return count({
        ok: false,
        error: { code: 'COMPILE_ERROR', message: `the script is over ${DEFAULTS.maxSourceChars} characters` },
        logs: [],
        cpuMs: 0,
        wallMs: 0,
      });
    }
    const isolate = await pool.acquire(prepared.memoryMb);
    try {
      return count(await runInIsolate(isolate, prepared, settings));
    } finally {
      pool.release(isolate);
    }
  }

  return {
    run(request: ScriptRunRequest): Promise<ScriptRunResult> {
      if (closed) return Promise.reject(new Error('the script sandbox has been disposed'));
      let prepared: PreparedRun;
      let settings: RunSettings;
      try {
        prepared = prepare(request);
        settings = settingsFor(request);
      } catch (error) {
        return Promise.reject(error);
      }
      const running = execute(prepared, settings);
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running)).catch(() => undefined);
      return running;
    },

    stats(): ScriptSandboxStats {
      return {
        runs,
        activeRuns: pool.active,
        queuedRuns: pool.queued,
        isolatesCreated: pool.created,
        isolatesDisposed: pool.disposed,
        idleIsolates: pool.idleCount,
        compiledScriptHits: codes.hits,
        compiledScriptMisses: codes.misses,
        failures: { ...failures },
      };
    },

    async dispose(): Promise<void> {
      closed = true;
      await Promise.allSettled([...inFlight]);
      pool.disposeIdle();
      codes.clear();
    },
  };
}
