import { IsolatePool } from './isolate.pool.js';
import type {
  ScriptErrorCode,
  ScriptRunRequest,
  ScriptRunResult,
  IsolateSandbox,
  IsolateSandboxStats,
  ScriptSandboxOptions,
} from './sandbox.types.js';
import { ScriptCodeCache } from './script-code.cache.js';
import { DEFAULTS, positive, prepareRun, runLimits, runSettings } from './run-request.rules.js';
import { runInIsolate, type PreparedRun, type RunSettings } from './script-run.session.js';

/*
 * The in-process sandbox: request -> checked and wrapped -> a leased isolate -> runInIsolate ->
 * result. It runs inside the sandbox process (sandbox-child.entry.ts); the host never creates
 * isolates itself, because V8 does not always give an isolate's memory back after an
 * out-of-memory (see README.md). Everything the script does ends as a result value.
 */
export function createIsolateSandbox(options: ScriptSandboxOptions = {}): IsolateSandbox {
  const limits = runLimits(options);
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
        prepared = prepareRun(request);
        settings = runSettings(request, limits);
      } catch (error) {
        return Promise.reject(error);
      }
      const running = execute(prepared, settings);
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running)).catch(() => undefined);
      return running;
    },

    stats(): IsolateSandboxStats {
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
