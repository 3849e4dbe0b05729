import { beforeAll, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createRecord } from '../../api/records.api.js';
import { createAppI18n } from '../../app/i18n.js';
import { contractTask, signedInAdmin } from '../../stores/ui-runtime.fixture.js';
import { useSessionStore } from '../../stores/session.store.js';
import { useWorkspaceRecordTasksStore } from '../../stores/workspace-record-tasks.store.js';
import RecordProcessTasks from './RecordProcessTasks.vue';

/*
 * A deal moved to the contract stage gets a process task for its owner (b2b-sales'
 * contract_stage_task). On the deal's page the owner sees it under "Ждёт вашего решения", completes
 * it with a comment in place, and it moves to the closed ones with the outcome, who and the comment;
 * the page is told, so it can reload the record. Against the real runtime (b2b-sales, workers on).
 */

const WAIT = { timeout: 20_000, interval: 50 };

describe('a record’s process tasks', () => {
  let me: Awaited<ReturnType<typeof signedInAdmin>>;

  beforeAll(async () => {
    setActivePinia(createPinia());
    me = await signedInAdmin();
    await useSessionStore().restore();
  });

  it('lists the person’s own task, completes it with a comment in place, then shows how it ended', async () => {
    const task = await contractTask(me.id, 'Договор из карточки');
    const recordId = task.recordId ?? '';
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] });
    const wrapper = mount(RecordProcessTasks, { props: { entity: 'deal', recordId, locale: 'ru' }, global: { plugins: [router, createAppI18n('ru')] }, attachTo: document.body });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(wrapper.find(`[data-task-id="${task.id}"]`).exists()).toBe(true);
    }, WAIT);
    expect(wrapper.get('[data-record-process-tasks]').text()).toContain('Ждёт вашего решения');
    const item = wrapper.get(`[data-task-id="${task.id}"]`);
    expect(item.text()).toContain('Подготовить договор / Prepare the contract: Договор из карточки');
    // On the record itself, no "open the record" link.
    expect(item.find('a').exists()).toBe(false);

    await item.get('textarea').setValue('Договор отправлен клиенту');
    await item.get('[data-action="done"]').trigger('click');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(wrapper.find(`[data-process-task="${task.id}"][data-task-status="completed"]`).exists()).toBe(true);
    }, WAIT);
    const closed = wrapper.get(`[data-process-task="${task.id}"]`);
    expect(closed.get('[data-outcome]').text()).toBe('Выполнено');
    expect(closed.text()).toContain('Договор отправлен клиенту');
    expect(closed.text()).toContain(me.name ?? me.email);
    expect(wrapper.find(`[data-task-id="${task.id}"]`).exists()).toBe(false);
    expect(wrapper.emitted('decided')).toHaveLength(1);
    wrapper.unmount();
  });

  it('shows nothing for a record no process gave work about, and says so when the list cannot be read', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] });
    const company = await createRecord('company', { name: 'Без задач процессов' });
    const quiet = mount(RecordProcessTasks, { props: { entity: 'company', recordId: company.id, locale: 'ru' }, global: { plugins: [router, createAppI18n('ru')] } });
    // Read once more to the end, so the card is judged on a finished load.
    await useWorkspaceRecordTasksStore().loadRecordTasks('company', company.id);
    await flushPromises();
    expect(useWorkspaceRecordTasksStore().loadError).toBeNull();
    expect(quiet.find('[data-record-process-tasks]').exists()).toBe(false);
    quiet.unmount();

    // A record that is not there answers 404: the card says so rather than pretending there is no work.
    const missing = mount(RecordProcessTasks, { props: { entity: 'company', recordId: '00000000-0000-4000-8000-000000000000', locale: 'ru' }, global: { plugins: [router, createAppI18n('ru')] } });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(missing.find('[data-record-process-tasks] [role="alert"]').exists()).toBe(true);
    }, WAIT);
    expect(missing.text()).toContain('Не удалось загрузить задачи процессов');
    missing.unmount();
  });
});
