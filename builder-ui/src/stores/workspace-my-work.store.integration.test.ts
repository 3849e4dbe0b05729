import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { createRecord, fetchWorkspaceDefinition, getRecord } from '../api/records.api.js';
import { completeTask, fetchMyTasks } from '../api/tasks.api.js';
import { listUsers } from '../api/users.api.js';
import { contractTask, signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceMyWorkStore } from './workspace-my-work.store.js';

/*
 * My work against a real runtime with b2b-sales: process tasks come from its contract_stage_task,
 * task records are `task` rows assigned to the admin (the definition's task entity).
 */

let adminId = '';
let definition: App;

describe('the my-work store', () => {
  beforeAll(async () => {
    adminId = (await signedInAdmin()).id;
    definition = (await fetchWorkspaceDefinition()).definition;
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('loads the inbox and the task records, skipping the records when the role cannot read tasks', async () => {
    const task = await contractTask(adminId, 'Поставка насосов');
    const later = await createRecord('task', { title: 'Позвонить позже', assignee: adminId, status: 'open', due_at: '2030-01-02T10:00:00Z' });
    const sooner = await createRecord('task', { title: 'Позвонить', assignee: adminId, status: 'open', due_at: '2030-01-01T10:00:00Z' });
    await createRecord('task', { title: 'Уже сделано', assignee: adminId, status: 'done' });
    await createRecord('task', { title: 'Не мне', status: 'open' });
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['deal', 'task'], definition);
    expect(work.tasks.map((t) => t.id)).toContain(task.id);
    expect(work.recordsReadable).toBe(true);
    expect(work.records.map((r) => [r.task.entity, r.record.id])).toEqual([
      ['task', sooner.id],
      ['task', later.id],
    ]);
    await work.loadMyWork(['deal'], definition);
    expect(work.recordsReadable).toBe(false);
    expect(work.records).toEqual([]);
    await work.loadMyWork(['deal', 'task'], null);
    expect(work.recordsReadable).toBe(false);
  });

  it('completes a task with the comment and takes it off the list', async () => {
    const task = await contractTask(adminId, 'Поставка клапанов');
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task'], definition);
    await expect(work.applyDecision(task.id, 'done', 'Договор отправлен', 'ru')).resolves.toBe(true);
    expect(work.tasks.map((t) => t.id)).not.toContain(task.id);
    expect(work.lastDone).toEqual({ title: task.title, outcome: 'done' });
    expect((await fetchMyTasks()).map((t) => t.id)).not.toContain(task.id);
  });

  it('keeps the task and shows the server\u2019s reason in the person\u2019s language when refused', async () => {
    const task = await contractTask(adminId, 'Поставка фильтров');
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task'], definition);
    // Someone (here: the same person in another tab) finished it meanwhile.
    await completeTask(task.id, 'done', '');
    await expect(work.applyDecision(task.id, 'done', '', 'ru')).resolves.toBe(false);
    expect(work.tasks.map((t) => t.id)).toContain(task.id);
    expect(work.problems[task.id]).toMatch(/[а-я]/);
    expect(work.busy[task.id]).toBe(false);
  });

  it('loads whom a task may go to and hands it on', async () => {
    const task = await contractTask(adminId, 'Поставка труб');
    const maria = (await listUsers()).find((u) => u.email === 'maria.sokolova@example.com');
    if (!maria) throw new Error('b2b-sales has Maria');
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task'], definition);
    await work.loadAssignees(task.id, 'ru');
    expect(work.assignees[task.id]?.map((a) => a.id)).toContain(maria.id);
    await expect(work.applyReassign(task.id, maria.id, 'ru')).resolves.toBe(true);
    expect(work.tasks.map((t) => t.id)).not.toContain(task.id);
    expect(work.lastDone).toEqual({ title: task.title, outcome: 'reassigned' });
  });

  it('marks a task record done on the version it was read at', async () => {
    const record = await createRecord('task', { title: 'Отправить счёт', assignee: adminId, status: 'open', due_at: '2030-02-01T10:00:00Z' });
    const work = useWorkspaceMyWorkStore();
    await work.loadMyWork(['task'], definition);
    await expect(work.applyRecordDone(record.id, 'en')).resolves.toBe(true);
    expect(work.records.map((r) => r.record.id)).not.toContain(record.id);
    expect(await getRecord('task', record.id)).toMatchObject({ status: 'done', version: record.version + 1 });
  });
});
