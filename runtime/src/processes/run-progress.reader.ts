import { listRuns } from '@crm/engine';
import { MAX_PROGRESS_RUNS, PROGRESS_FAILED_SHOWN, type RunProgress } from '@crm/schemas';
import type { Knex } from 'knex';
import { BadRequestError } from '../errors/index.js';
import { runRecordFilter, type RunViewer } from './run-visibility.js';

/*
 * How a bulk start is going ("12 выполнено · 1 с ошибкой · 2 в работе"): the list that started a
 * process on many records asks about the runs it was answered with, in one request however many
 * they are (up to one start's worth). Only runs the caller may see are counted, as in the run
 * listing: a run about a record they can no longer read is simply not in the answer.
 */

/** The run ids of a progress request; a 400 naming runIds when they are not a list of at most MAX_PROGRESS_RUNS strings. */
export function progressRunIds(body: Readonly<Record<string, unknown>>): string[] {
  const ids = body['runIds'];
  if (!Array.isArray(ids) || ids.length > MAX_PROGRESS_RUNS || !ids.every((id) => typeof id === 'string')) {
    const message = `runIds must be a list of at most ${MAX_PROGRESS_RUNS} run ids.`;
    throw BadRequestError.create(message, [{ field: 'runIds', code: 'INVALID_PARAMETER', message, message_ru: `runIds — список не более чем из ${MAX_PROGRESS_RUNS} идентификаторов запусков.` }]);
  }
  return [...new Set(ids as string[])];
}

export async function readRunProgress(knex: Knex, viewer: RunViewer, process: string, entity: string | null, ids: readonly string[]): Promise<RunProgress> {
  const filter = runRecordFilter(viewer, entity);
  const runs = filter === 'none' || ids.length === 0 ? [] : await listRuns(knex, { process, ids, limit: ids.length, ...(filter ? { visibleRecords: filter } : {}) });
  const counts: RunProgress['counts'] = { running: 0, waiting: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const run of runs) {
    if (run.status in counts) counts[run.status as keyof RunProgress['counts']] += 1;
  }
  const failed = runs.filter((r) => r.status === 'failed').slice(0, PROGRESS_FAILED_SHOWN).map((r) => ({ runId: r.id, recordId: r.recordId }));
  return { counts, failed };
}
