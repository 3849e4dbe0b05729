import { describe, expect, it } from 'vitest';
import type { RecordProcessTask } from '@crm/schemas';
import { closedOutcomeKey, groupRecordTasks, recordTaskName } from './record-process-tasks.rules.js';

function task(id: string, values: Partial<RecordProcessTask>): RecordProcessTask {
  return {
    id,
    kind: 'task',
    title: `Задача ${id}`,
    label: null,
    description: null,
    assignee: 'someone',
    assigneeName: 'Someone',
    status: 'open',
    outcome: null,
    comment: null,
    dueAt: null,
    createdAt: '2026-12-01T10:00:00Z',
    completedAt: null,
    completedBy: null,
    completedByName: null,
    process: 'p',
    runId: null,
    ...values,
  };
}

describe('groupRecordTasks', () => {
  const tasks = [
    task('late-due', { dueAt: '2026-12-10T10:00:00Z' }),
    task('no-due', {}),
    task('mine', { assignee: 'me', dueAt: '2026-12-09T10:00:00Z' }),
    task('early-due', { dueAt: '2026-12-05T10:00:00Z' }),
    task('old-done', { status: 'completed', completedAt: '2026-12-02T10:00:00Z' }),
    task('new-done', { status: 'completed', completedAt: '2026-12-03T10:00:00Z', assignee: 'me' }),
    task('expired', { status: 'expired', createdAt: '2026-12-01T09:00:00Z' }),
  ];

  it('puts the person’s own open tasks first, the others’ by due time (none last), the closed newest first', () => {
    const groups = groupRecordTasks(tasks, 'me');
    expect(groups.mine.map((t) => t.id)).toEqual(['mine']);
    expect(groups.waiting.map((t) => t.id)).toEqual(['early-due', 'late-due', 'no-due']);
    expect(groups.closed.map((t) => t.id)).toEqual(['new-done', 'old-done', 'expired']);
  });

  it('gives nobody anything to decide when the person is unknown', () => {
    expect(groupRecordTasks(tasks, null).mine).toEqual([]);
    expect(groupRecordTasks(tasks, null).waiting).toHaveLength(4);
  });
});

describe('recordTaskName', () => {
  it('uses the title, else the step label in the person’s language, else nothing', () => {
    expect(recordTaskName({ title: 'Проверить', label: { en: 'Check', ru: 'Проверка' } }, 'ru')).toBe('Проверить');
    expect(recordTaskName({ title: null, label: { en: 'Margin approval', ru: 'Согласование маржи' } }, 'ru')).toBe('Согласование маржи');
    expect(recordTaskName({ title: null, label: { en: 'Margin approval', ru: 'Согласование маржи' } }, 'en')).toBe('Margin approval');
    expect(recordTaskName({ title: null, label: { en: 'Margin approval' } }, 'ru')).toBe('Margin approval');
    expect(recordTaskName({ title: null, label: null }, 'ru')).toBeNull();
  });
});

describe('closedOutcomeKey', () => {
  it('names how a task ended', () => {
    expect(closedOutcomeKey({ status: 'completed', outcome: 'approved', kind: 'approval' })).toBe('approved');
    expect(closedOutcomeKey({ status: 'completed', outcome: 'rejected', kind: 'approval' })).toBe('rejected');
    expect(closedOutcomeKey({ status: 'completed', outcome: 'done', kind: 'task' })).toBe('done');
    expect(closedOutcomeKey({ status: 'expired', outcome: null, kind: 'approval' })).toBe('expired');
    expect(closedOutcomeKey({ status: 'escalated', outcome: null, kind: 'approval' })).toBe('escalated');
    expect(closedOutcomeKey({ status: 'cancelled', outcome: null, kind: 'task' })).toBe('cancelled');
    expect(closedOutcomeKey({ status: 'weird', outcome: null, kind: 'task' })).toBe('other');
  });
});
