import { createRunLedger } from './run-ledger.js';
import { IsolatePool } from './isolate.pool.js';
import type {
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
  const ledger = createRunLedger();
  const count = (result: ScriptRunResult): ScriptRunResult => ledger.count(result);

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
      return ledger.track(() => execute(prepareRun(request), runSettings(request, limits)));
    },

    stats(): IsolateSandboxStats {
      return {
        runs: ledger.runs,
        activeRuns: pool.active,
        queuedRuns: pool.queued,
        isolatesCreated: pool.created,
        isolatesDisposed: pool.disposed,
        idleIsolates: pool.idleCount,
        compiledScriptHits: codes.hits,
        compiledScriptMisses: codes.misses,
        failures: ledger.failures(),
      };
    },

    async dispose(): Promise<void> {
      await ledger.close();
      pool.disposeIdle();
      codes.clear();
    },
  };
}
