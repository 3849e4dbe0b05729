import type { RunDetailBody } from '@crm/schemas';
import { fetchRunDetail } from '../../api/runs.api.js';
import { FOLLOW_RUN_EVERY_MS, FOLLOW_RUN_MS, startedRunState, type StartedRunState } from '../../domain/manual-processes.rules.js';

/*
 * Follows a run a person just started, for a while: polls it until it stops running or
 * FOLLOW_RUN_MS pass (workers may be busy; the record's timeline has the rest), reporting each
 * state; `gone()` stops it once the page has moved on. The record page and the kanban board use it.
 */
export async function followRun(runId: string, report: (state: StartedRunState, run: RunDetailBody) => void, gone: () => boolean): Promise<StartedRunState> {
  const deadline = Date.now() + FOLLOW_RUN_MS;
  let state: StartedRunState = 'running';
  while (!gone()) {
    const run = await fetchRunDetail(runId);
    state = startedRunState(run.status);
    report(state, run);
    if (state !== 'running' || Date.now() >= deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_RUN_EVERY_MS));
  }
  return state;
}
