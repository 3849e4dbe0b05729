/*
 * GET /api/processes/:name/runs (runtime/src/processes/processes.routes.ts): the runs of a process
 * the caller may see, newest first (engine/src/store/run-history.reader.ts). The parts a client may
 * rely on; a run's error is redacted for viewers who may not see the whole run.
 */

export interface RunSummary {
  id: string;
  process: string;
  status: string;
  entity: string | null;
  recordId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface RunSummaryPage {
  data: RunSummary[];
  /** Send as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}
