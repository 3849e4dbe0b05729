import { describe, expect, it } from 'vitest';
import { runWaitView } from './run-waits.mapping.js';

/* A waiting run on the timeline: who still has to approve, by when; when a pause ends. */

describe('what a waiting run waits for', () => {
  it('names the approvers still to decide with the soonest deadline', () => {
    expect(
      runWaitView([
        { kind: 'approval', who: { id: '1', name: 'Иван Петров' }, dueAt: '2026-12-10T15:00:00.000Z' },
        { kind: 'approval', who: { id: '2', name: 'Анна Смирнова' }, dueAt: '2026-12-09T15:00:00.000Z' },
        { kind: 'approval', who: null, dueAt: null },
      ]),
    ).toEqual({ approvers: ['Иван Петров', 'Анна Смирнова'], unnamed: 1, approvalDue: '2026-12-09T15:00:00.000Z', until: null });
  });

  it('gives the time a pause ends, and nothing when the run waits for nothing it can name', () => {
    expect(runWaitView([{ kind: 'timer', until: '2026-12-10T06:00:00.000Z' }])).toEqual({ approvers: [], unnamed: 0, approvalDue: null, until: '2026-12-10T06:00:00.000Z' });
    expect(runWaitView([])).toBeNull();
  });
});
