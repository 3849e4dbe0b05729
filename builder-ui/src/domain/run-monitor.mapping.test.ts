import type { AdminRunSummary, RunQueue } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { applyRunChange, failedNode, failureText, lateness, loopCounts, queueVerdict, runLevers } from './run-monitor.mapping.js';

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
    expect(failureText({ code: 'SCRIPT_ERROR', message: ' The script of node boom failed: no stock ', nodeId: 'boom' })).toBe('The script of node boom failed: no stock');
    expect(failureText({ code: 'CANCELLED' })).toBe('CANCELLED');
    expect(failureText(null)).toBeNull();
    expect(failureText('text')).toBeNull();
    expect(failedNode({ nodeId: 'boom' })).toBe('boom');
    expect(failedNode({ message: 'x' })).toBeNull();
  });

  it('offers retry on a failed run, cancel on a live one, nothing on a finished one', () => {
    expect(runLevers({ status: 'failed' })).toEqual(['retry']);
    expect(runLevers({ status: 'waiting' })).toEqual(['cancel']);
    expect(runLevers({ status: 'running' })).toEqual(['cancel']);
    expect(runLevers({ status: 'completed' })).toEqual([]);
    expect(runLevers({ status: 'cancelled' })).toEqual([]);
  });

  it('replaces a changed run in place', () => {
    const runs = [run('a', 'failed'), run('b', 'waiting')];
    const changed = applyRunChange(runs, { id: 'b', status: 'cancelled', error: { code: 'CANCELLED' }, finishedAt: '2026-12-07T11:00:00.000Z' });
    expect(changed.map((r) => [r.id, r.status])).toEqual([['a', 'failed'], ['b', 'cancelled']]);
    expect(changed[1]?.finishedAt).toBe('2026-12-07T11:00:00.000Z');
    expect(runs[1]?.status).toBe('waiting');
  });
});
