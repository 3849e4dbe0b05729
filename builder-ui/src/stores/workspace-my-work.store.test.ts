import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http.client.js';
import type { HumanTask } from '../api/tasks.api.js';
import { useWorkspaceMyWorkStore } from './workspace-my-work.store.js';

const api = vi.hoisted(() => ({
  fetchMyTasks: vi.fn(),
  fetchMyTaskRecords: vi.fn(),
  completeTask: vi.fn(),
  fetchTaskAssignees: vi.fn(),
  reassignTask: vi.fn(),
  markTaskRecordDone: vi.fn(),
}));
vi.mock('../api/tasks.api.js', () => api);

function task(id: string, kind: 'task' | 'approval'): HumanTask {
  return { id, kind, title: `Согласовать скидку ${id}`, description: null, assignee: 'me', status: 'open', outcome: null, comment: null, dueAt: null, remindAt: null, entity: 'deal', recordId: 'd1', runId: 'r1', escalation: null, createdAt: '2026-12-01T10:00:00Z' };
}

const RECORD = { id: 't1', version: 3, owner: 'me', created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, title: 'Позвонить', status: 'open' };

describe('the my-work store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
    api.fetchMyTasks.mockResolvedValue([task('a', 'approval'), task('b', 'task')]);
    api.fetchMyTaskRecords.mockResolvedValue([RECORD]);
  });

  it('loads the inbox and the task records, skipping the records when the role cannot read tasks', async () => {
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['deal', 'task']);
    expect(work.tasks.map((t) => t.id)).toEqual(['a', 'b']);
    expect(work.records.map((r) => r.id)).toEqual(['t1']);
    await work.loadMyWork(['deal']);
    expect(work.recordsReadable).toBe(false);
    expect(work.records).toEqual([]);
    expect(api.fetchMyTaskRecords).toHaveBeenCalledTimes(1);
  });

  it('approves with the comment and takes the approval off the list', async () => {
    api.completeTask.mockResolvedValue({ ...task('a', 'approval'), status: 'completed' });
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task']);
    await expect(work.applyDecision('a', 'approved', 'Скидка в пределах нормы', 'ru')).resolves.toBe(true);
    expect(api.completeTask).toHaveBeenCalledWith('a', 'approved', 'Скидка в пределах нормы');
    expect(work.tasks.map((t) => t.id)).toEqual(['b']);
    expect(work.lastDone).toEqual({ title: 'Согласовать скидку a', outcome: 'approved' });
  });

  it('keeps the task and shows the server’s reason in the person’s language when refused', async () => {
    api.completeTask.mockRejectedValue(new ApiError(409, 'CONFLICT', 'Someone else has already decided this approval.', [{ field: 'status', message: 'x', message_ru: 'Это согласование уже решил другой сотрудник.' }]));
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task']);
    await expect(work.applyDecision('a', 'rejected', '', 'ru')).resolves.toBe(false);
    expect(work.tasks.map((t) => t.id)).toEqual(['a', 'b']);
    expect(work.problems['a']).toBe('Это согласование уже решил другой сотрудник.');
    expect(work.busy['a']).toBe(false);
  });

  it('loads whom a task may go to and hands it on', async () => {
    api.fetchTaskAssignees.mockResolvedValue([{ id: 'u2', name: 'Мария Соколова', email: 'maria@example.com' }]);
    api.reassignTask.mockResolvedValue(undefined);
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task']);
    await work.loadAssignees('b', 'ru');
    expect(work.assignees['b']).toHaveLength(1);
    await expect(work.applyReassign('b', 'u2', 'ru')).resolves.toBe(true);
    expect(api.reassignTask).toHaveBeenCalledWith('b', 'u2');
    expect(work.tasks.map((t) => t.id)).toEqual(['a']);
  });

  it('marks a task record done on the version it was read at', async () => {
    api.markTaskRecordDone.mockResolvedValue({ ...RECORD, status: 'done', version: 4 });
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task']);
    await expect(work.applyRecordDone('t1', 'en')).resolves.toBe(true);
    expect(api.markTaskRecordDone).toHaveBeenCalledWith('t1', 3);
    expect(work.records).toEqual([]);
  });
});
