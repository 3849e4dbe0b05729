import { describe, expect, it } from 'vitest';
import type { RunProgress } from '@crm/schemas';
import { progressKind, progressParts, progressSettled } from './bulk-start-progress.rules.js';

/* How a bulk start is going: the statuses that have runs, whether all have stopped, a warning once one failed. */

const progress = (counts: Partial<RunProgress['counts']>): RunProgress => ({ counts: { running: 0, waiting: 0, completed: 0, failed: 0, cancelled: 0, ...counts }, failed: [] });

describe('bulk start progress', () => {
  it('reads the statuses that have runs, a waiting run counted as in work', () => {
    expect(progressParts(progress({ completed: 12, failed: 1, running: 1, waiting: 1 }))).toEqual([
      { status: 'completed', n: 12 },
      { status: 'failed', n: 1 },
      { status: 'inWork', n: 2 },
    ]);
    expect(progressParts(progress({}))).toEqual([]);
  });

  it('is settled once nothing runs or waits', () => {
    expect(progressSettled(progress({ completed: 2, waiting: 1 }))).toBe(false);
    expect(progressSettled(progress({ completed: 2, failed: 1, cancelled: 1 }))).toBe(true);
  });

  it('warns once a run failed', () => {
    expect(progressKind(null)).toBe('info');
    expect(progressKind(progress({ completed: 3 }))).toBe('info');
    expect(progressKind(progress({ completed: 3, failed: 1 }))).toBe('warning');
  });
});
