import type { ScriptErrorCode, ScriptRunResult } from './sandbox.types.js';

/*
 * What both sandboxes (the host's, script-sandbox.factory.ts, and the one inside each sandbox
 * process, isolate-sandbox.factory.ts) keep about their runs: how many, which failures, which are
 * still running (dispose waits for them), and whether new runs are still taken.
 */
export interface RunLedger {
  /** Counts a finished run and hands its result back. */
  count(result: ScriptRunResult): ScriptRunResult;
  /** Starts a run through `start` unless disposed; a throw while preparing becomes a rejection. */
  track(start: () => Promise<ScriptRunResult>): Promise<ScriptRunResult>;
  readonly runs: number;
  failures(): Partial<Record<ScriptErrorCode, number>>;
  /** Takes no new runs and resolves once the runs in flight have ended. */
  close(): Promise<void>;
}

export function createRunLedger(): RunLedger {
  let runs = 0;
  const failures: Partial<Record<ScriptErrorCode, number>> = {};
  const inFlight = new Set<Promise<ScriptRunResult>>();
  let closed = false;
  return {
    count(result) {
      runs += 1;
      if (!result.ok) failures[result.error.code] = (failures[result.error.code] ?? 0) + 1;
      return result;
    },
    track(start) {
      if (closed) return Promise.reject(new Error('the script sandbox has been disposed'));
      let running: Promise<ScriptRunResult>;
      try {
        running = start();
      } catch (error) {
        return Promise.reject(error);
      }
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running)).catch(() => undefined);
      return running;
    },
    get runs() {
      return runs;
    },
    failures: () => ({ ...failures }),
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
