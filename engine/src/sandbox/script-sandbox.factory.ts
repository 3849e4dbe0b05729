import { createRunLedger } from './run-ledger.js';
import { RunAdmission } from './run-admission.policy.js';
import { DEFAULTS, positive, prepareRun, runLimits, runSettings } from './run-request.rules.js';
import { SandboxChildPool } from './sandbox-child.pool.js';
import { failedResult } from './sandbox-child.process.js';
import type {
  JsonValue,
  ScriptRunRequest,
  ScriptRunResult,
  ScriptSandbox,
  ScriptSandboxOptions,
  ScriptSandboxStats,
} from './sandbox.types.js';

/*
 * The host's face of the sandbox:
 *
 *   request -> checked here (a caller's mistake throws here) -> admitted (concurrency and the
 *   total memory cap, FIFO) -> a sandbox process runs it in an isolate -> result
 *
 * Scripts never run in the host process: an isolate that runs out of memory can leave its heap
 * behind for good (measured: ~45 MB per catastrophic out-of-memory at 64 MB), so they run in a
 * child process that is killed and replaced after any memory error (sandbox-child.pool.ts).
 */

/** Margin past a run's own wall limit after which the host gives its sandbox process up as stuck. */
const STALL_MARGIN_MS = 10_000;

export function createScriptSandbox(options: ScriptSandboxOptions = {}): ScriptSandbox {
  const limits = runLimits(options);
  const maxConcurrentRuns = positive('maxConcurrentRuns', options.maxConcurrentRuns, DEFAULTS.maxConcurrentRuns);
  const admission = new RunAdmission(maxConcurrentRuns, positive('maxTotalMemoryMb', options.maxTotalMemoryMb, DEFAULTS.maxTotalMemoryMb));
  const pool = new SandboxChildPool(
    {
      maxConcurrentRuns,
      maxIdleIsolates: positive('maxIdleIsolates', options.maxIdleIsolates, DEFAULTS.maxIdleIsolates, 0),
      maxRunsPerIsolate: positive('maxRunsPerIsolate', options.maxRunsPerIsolate, DEFAULTS.maxRunsPerIsolate),
      ...limits,
    },
    (message) => options.onCatastrophicError?.(message),
  );
  const ledger = createRunLedger();
  const count = (result: ScriptRunResult): ScriptRunResult => ledger.count(result);

  async function execute(request: ScriptRunRequest, memoryMb: number, wallTimeoutMs: number): Promise<ScriptRunResult> {
    const admitted = await admission.admit(memoryMb);
    if (!admitted.ok) {
      return count(
        failedResult(
          'MEMORY_CAP_EXCEEDED',
          `the script asks for ${memoryMb} MB, more than the ${admitted.capMb} MB all scripts together may use`,
        ),
      );
    }
    try {
      const input: Record<string, JsonValue> = {};
      // A key whose value is undefined is still a parameter (null), as in the isolate; JSON would drop it.
      for (const [name, value] of Object.entries(request.input)) input[name] = value ?? null;
      return count(
        await pool.run({
          source: request.source,
          input,
          api: request.api ?? {},
          limits: { timeoutMs: request.timeoutMs, memoryMb, wallTimeoutMs, maxOutputBytes: request.maxOutputBytes },
          deadlineMs: wallTimeoutMs + STALL_MARGIN_MS,
        }),
      );
    } finally {
      admitted.release();
    }
  }

  return {
    run(request: ScriptRunRequest): Promise<ScriptRunResult> {
      return ledger.track(() => execute(request, prepareRun(request).memoryMb, runSettings(request, limits).wallTimeoutMs));
    },

    stats(): ScriptSandboxStats {
      const isolates = pool.stats();
      return {
        ...isolates,
        runs: ledger.runs,
        activeRuns: admission.active,
        queuedRuns: admission.queued,
        failures: ledger.failures(),
        processesStarted: pool.started,
        processesRecycled: pool.recycled,
        memoryInUseMb: admission.memoryInUseMb,
        memoryCapMb: admission.capMb,
      };
    },

    async dispose(): Promise<void> {
      await ledger.close();
      pool.close();
    },
  };
}
