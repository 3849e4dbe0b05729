import type { Knex } from 'knex';
import { EngineRequestError } from '../engine-request.error.js';
import { isJsonObject } from '../json.types.js';
import { cancelRunRows, readyParkedJobs, reopenRun, retryableFailedRunIds } from '../store/run-admin.store.js';
import { getRun, isUuid, type RunDetail } from '../store/run-history.reader.js';
import { lockRun } from '../store/run-state.store.js';

/*
 * The admin's levers on a run (POST /api/runs/:id/retry, /cancel): when each applies, and the error
 * that says why not. The statements are in store/run-admin.store.ts; the answer is the run as run
 * history reads it afterwards.
 */

/**
 * Retries a failed run from its failed steps: parked jobs become due again with a fresh budget of
 * attempts, while their attempt numbers go on (5 failed, the retry is attempt 6), so run history
 * never shows two attempts 1 of one step.
 */
export async function retryRun(knex: Knex, id: string): Promise<RunDetail> {
  await retryInTransaction(knex, id);
  return runAfterwards(knex, id);
}

async function retryInTransaction(knex: Knex, id: string): Promise<void> {
  await knex.transaction(async (trx) => {
    const run = isUuid(id) ? await lockRun(trx, id) : undefined;
    if (!run) throw new EngineRequestError('NOT_FOUND', `There is no run ${id}.`, `Запуска ${id} нет.`, 'id');
    if (run.status !== 'failed') throw new EngineRequestError('CONFLICT', `Only a failed run can be retried; this one is ${run.status}.`, `Повторить можно только упавший запуск; этот — ${run.status}.`, 'status');
    const parked = await readyParkedJobs(trx, id);
    if (parked === 0) {
      const code = isJsonObject(run.error) ? run.error['code'] : null;
      throw new EngineRequestError('CONFLICT', `This run has no failed step to retry (it ended with ${String(code ?? 'an error')}).`, 'У этого запуска нет упавшего шага, который можно повторить.', 'status');
    }
    await reopenRun(trx, id);
  });
}

/** A run a bulk retry left as it was, and why (another admin retried or cancelled it meanwhile). */
export interface BulkRetryRefusal {
  id: string;
  code: string;
  message: string;
  messageRu: string;
}

export interface BulkRetryOutcome {
  /** The runs now running again, oldest first. */
  retried: string[];
  refused: BulkRetryRefusal[];
  /** More failed runs wait beyond the limit: ask again. */
  more: boolean;
}

/**
 * Retries the failed runs that have a failed step to retry (of one process, or of all), oldest
 * first, at most `limit`: after a fix (a receiver back up, a field's rule relaxed) an admin retries
 * them all at once, as Salesforce resumes failed interviews in bulk. Each run is retried in its own
 * transaction, as the single retry does, so one refused run (changed meanwhile) leaves the others
 * retried.
 */
export async function retryFailedRuns(knex: Knex, query: { process?: string; limit: number }): Promise<BulkRetryOutcome> {
  const ids = await retryableFailedRunIds(knex, { ...query, limit: query.limit + 1 });
  const outcome: BulkRetryOutcome = { retried: [], refused: [], more: ids.length > query.limit };
  for (const id of ids.slice(0, query.limit)) {
    try {
      await retryInTransaction(knex, id);
      outcome.retried.push(id);
    } catch (error) {
      if (!(error instanceof EngineRequestError)) throw error;
      outcome.refused.push({ id, code: error.code, message: error.message, messageRu: error.messageRu });
    }
  }
  return outcome;
}

/** Cancels a run that has not finished: its jobs are removed and its open tasks closed. */
export async function cancelRun(knex: Knex, id: string): Promise<RunDetail> {
  await knex.transaction(async (trx) => {
    const run = isUuid(id) ? await lockRun(trx, id) : undefined;
    if (!run) throw new EngineRequestError('NOT_FOUND', `There is no run ${id}.`, `Запуска ${id} нет.`, 'id');
    if (run.status === 'completed' || run.status === 'cancelled') {
      throw new EngineRequestError('CONFLICT', `The run is already ${run.status}.`, `Запуск уже завершён (${run.status}).`, 'status');
    }
    await cancelRunRows(trx, id);
  });
  return runAfterwards(knex, id);
}

async function runAfterwards(knex: Knex, id: string): Promise<RunDetail> {
  const detail = await getRun(knex, id);
  if (!detail) throw new EngineRequestError('NOT_FOUND', `There is no run ${id}.`, `Запуска ${id} нет.`, 'id');
  return detail;
}
