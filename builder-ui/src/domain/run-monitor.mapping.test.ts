import type { AdminRunSummary, RunQueue } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyRunChange, bulkRetrySummary, failedNode, failureLine, failureMessage, lateness, loopCounts, NAMED_FAILURES, queueVerdict, runLevers } from './run-monitor.mapping.js';

const oldest = (lateMs: number): RunQueue['oldestDue'] => ({ runId: 'r', process: 'p', nodeId: 'n', dueAt: '2026-12-07T10:00:00.000Z', lateMs, attempt: 1, lastError: null });

const run = (id: string, status: string): AdminRunSummary => ({
  id,
  process: 'follow_up',
  status,
  entity: 'deal',
  recordId: null,
  createdAt: '2026-12-07T10:00:00.000Z',
  finishedAt: null,
  version: 3,
  mode: 'after-save',
  error: null,
});

describe('run monitor', () => {
  it('says whether the queue is idle, working, behind or stalled from its oldest due job', () => {
    expect(queueVerdict({ due: 0, oldestDue: null })).toBe('idle');
    expect(queueVerdict({ due: 3, oldestDue: oldest(120) })).toBe('working');
    expect(queueVerdict({ due: 3, oldestDue: oldest(4_999) })).toBe('working');
    expect(queueVerdict({ due: 3, oldestDue: oldest(5_000) })).toBe('behind');
    expect(queueVerdict({ due: 1, oldestDue: oldest(60_000) })).toBe('stalled');
  });

  it('gives a lateness in its largest whole unit', () => {
    expect(lateness(-5)).toEqual({ n: 0, unit: 'seconds' });
    expect(lateness(59_999)).toEqual({ n: 59, unit: 'seconds' });
    expect(lateness(60_000)).toEqual({ n: 1, unit: 'minutes' });
    expect(lateness(90 * 60_000)).toEqual({ n: 1, unit: 'hours' });
    expect(lateness(50 * 3_600_000)).toEqual({ n: 2, unit: 'days' });
  });

  it('counts the worker loops by state and keeps the latest failure', () => {
    const loop = (state: 'claiming' | 'sleeping' | 'stopped', failures: number, at: string | null) => ({
      state,
      since: '2026-12-07T10:00:00.000Z',
      claimed: 0,
      lastClaimedAt: null,
      failures,
      lastFailure: at ? { at, message: `failed at ${at}` } : null,
    });
    const counts = loopCounts({
      process: {
        pid: 1,
        workers: [
          { running: true, loops: [loop('claiming', 2, '2026-12-07T10:00:01.000Z'), loop('sleeping', 0, null)] },
          { running: false, loops: [loop('stopped', 1, '2026-12-07T10:00:05.000Z')] },
        ],
      },
    });
    expect(counts).toEqual({ claiming: 1, sleeping: 1, stopped: 1, failures: 3, lastFailure: 'failed at 2026-12-07T10:00:05.000Z' });
    expect(loopCounts({ process: { pid: 1, workers: [] } })).toEqual({ claiming: 0, sleeping: 0, stopped: 0, failures: 0, lastFailure: null });
  });

  it('puts a run’s failure in one line and names its node', () => {
    expect(failureLine({ code: 'SCRIPT_ERROR', message: ' The script of node boom failed: no stock ', nodeId: 'boom' }, 'en')).toEqual({ kind: null, text: 'The script of node boom failed: no stock' });
    expect(failureLine({ code: 'CANCELLED' }, 'en')).toEqual({ kind: null, text: 'CANCELLED' });
    expect(failureLine(null, 'ru')).toBeNull();
    expect(failureLine('text', 'ru')).toBeNull();
    expect(failedNode({ nodeId: 'boom' })).toBe('boom');
    expect(failedNode({ message: 'x' })).toBeNull();
  });

  it('reads a failure in Russian when it carried Russian text, else names its kind before the English text', () => {
    const refusal = { code: 'ENDED_FAILED', message: 'Nothing to sell', message_ru: 'Нечего продавать' };
    expect(failureLine(refusal, 'ru')).toEqual({ kind: null, text: 'Нечего продавать' });
    expect(failureLine(refusal, 'en')).toEqual({ kind: null, text: 'Nothing to sell' });
    const http = { code: 'HTTP_SERVER_ERROR', message: 'http://erp/x answered 503.' };
    expect(failureLine(http, 'ru')).toEqual({ kind: 'HTTP_SERVER_ERROR', text: 'http://erp/x answered 503.' });
    // An unnamed code with English text: the text alone; a named code without text: the kind alone.
    expect(failureLine({ code: 'SOMETHING_NEW', message: 'It broke.' }, 'ru')).toEqual({ kind: null, text: 'It broke.' });
    expect(failureLine({ code: 'NO_ASSIGNEE' }, 'ru')).toEqual({ kind: 'NO_ASSIGNEE', text: '' });
    const t = (key: string) => `«${key}»`;
    expect(failureMessage(http, 'ru', t)).toBe('«runs.failure.HTTP_SERVER_ERROR»: http://erp/x answered 503.');
    expect(failureMessage({ code: 'NO_ASSIGNEE' }, 'ru', t)).toBe('«runs.failure.NO_ASSIGNEE»');
    expect(failureMessage(refusal, 'ru', t)).toBe('Нечего продавать');
    expect(failureMessage(null, 'ru', t)).toBeNull();
  });

  it('has words for every named failure in both languages', () => {
    for (const locale of ['ru', 'en']) {
      const messages = JSON.parse(readFileSync(path.join(import.meta.dirname, `../i18n/${locale}/runs.json`), 'utf8'));
      for (const code of NAMED_FAILURES) expect(messages.failure?.[code], `${locale}: runs.failure.${code}`).toEqual(expect.any(String));
    }
  });

  it('sums up a bulk retry with each refusal in the admin’s language', () => {
    const result = { retried: ['a', 'b'], refused: [{ id: 'c', code: 'CONFLICT', message: 'The run is running.', message_ru: 'Запуск уже выполняется.' }], more: true };
    expect(bulkRetrySummary(result, 'ru')).toEqual({ retried: 2, refused: [{ id: 'c', text: 'Запуск уже выполняется.' }], more: true });
    expect(bulkRetrySummary(result, 'en').refused).toEqual([{ id: 'c', text: 'The run is running.' }]);
    expect(bulkRetrySummary({ retried: [], refused: [], more: false }, 'ru')).toEqual({ retried: 0, refused: [], more: false });
  });

  it('offers retry on a failed run (not one ended failed at an end step), cancel on a live one, nothing on a finished one', () => {
    expect(runLevers({ status: 'failed', error: { code: 'HTTP_SERVER_ERROR' } })).toEqual(['retry']);
    expect(runLevers({ status: 'failed', error: null })).toEqual(['retry']);
    expect(runLevers({ status: 'failed', error: { code: 'ENDED_FAILED', message: 'Lost' } })).toEqual([]);
    expect(runLevers({ status: 'waiting', error: null })).toEqual(['cancel']);
    expect(runLevers({ status: 'running', error: null })).toEqual(['cancel']);
    expect(runLevers({ status: 'completed', error: null })).toEqual([]);
    expect(runLevers({ status: 'cancelled', error: null })).toEqual([]);
  });

  it('replaces a changed run in place', () => {
    const runs = [run('a', 'failed'), run('b', 'waiting')];
    const changed = applyRunChange(runs, { id: 'b', status: 'cancelled', error: { code: 'CANCELLED' }, finishedAt: '2026-12-07T11:00:00.000Z' });
    expect(changed.map((r) => [r.id, r.status])).toEqual([['a', 'failed'], ['b', 'cancelled']]);
    expect(changed[1]?.finishedAt).toBe('2026-12-07T11:00:00.000Z');
    expect(runs[1]?.status).toBe('waiting');
  });
});
