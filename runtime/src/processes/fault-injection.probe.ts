import type { EngineProbe, EngineProbePoint } from '@crm/engine';

/*
 * Crash tests start the runtime as a child process and have it kill itself (SIGKILL: no cleanup,
 * like a power cut) at a chosen point of a job's life:
 *
 *   CRM_FAULT_KILL_AT=<point>[:<process>[:<node>]][@<n>]
 *
 * e.g. `run-committed:ledger_flow:step_b@3` dies right after the 3rd commit that advanced a run of
 * ledger_flow at node step_b. Points: job-claimed, step-applied, run-committed, external-started,
 * external-returned (engine/src/execution/run-session.types.ts). Unset: no probe at all.
 */

const POINTS: readonly EngineProbePoint[] = ['job-claimed', 'step-applied', 'run-committed', 'external-started', 'external-returned'];

function isPoint(value: string): value is EngineProbePoint {
  return (POINTS as readonly string[]).includes(value);
}

export function faultProbeFromEnv(spec: string | undefined, kill: () => void = () => process.kill(process.pid, 'SIGKILL')): EngineProbe | undefined {
  if (!spec) return undefined;
  const [target = '', countText] = spec.split('@');
  const [point = '', process = '', node = ''] = target.split(':');
  if (!isPoint(point)) throw new Error(`CRM_FAULT_KILL_AT: unknown point "${point}" (one of ${POINTS.join(', ')})`);
  const nth = countText === undefined ? 1 : Number(countText);
  if (!Number.isInteger(nth) || nth < 1) throw new Error(`CRM_FAULT_KILL_AT: "@${countText}" must be a positive whole number`);
  let seen = 0;
  return (at, detail) => {
    if (at !== point || (process && detail.process !== process) || (node && detail.nodeId !== node)) return;
    seen += 1;
    if (seen === nth) kill();
  };
}
