import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '../../api/http.client.js';
import { createAppI18n } from '../../app/i18n.js';
import { dealFormApp } from '../../domain/form-rules.fixture.js';
import RecordFormPage from './RecordFormPage.vue';

/* The deal form as a sales rep fills it: the lost-reason rule, a read-only discount, the server's answer. */

const api = vi.hoisted(() => ({
  createRecord: vi.fn(),
  updateRecord: vi.fn(),
  fetchWorkspaceDefinition: vi.fn(),
  getRecord: vi.fn(),
  fetchHistory: vi.fn(),
  listRecordRuns: vi.fn(),
  listRecords: vi.fn(),
  searchRecords: vi.fn(),
}));
vi.mock('../../api/records.api.js', () => api);
vi.mock('../../api/users.api.js', () => ({ listUsers: vi.fn().mockResolvedValue([]) }));

const access = {
  deal: {
    operations: { create: true, read: true, update: true, delete: false },
    changeOwner: false,
    fields: { title: 'write', amount: 'write', discount: 'read', stage: 'write', company: 'write', email: 'write', lost_reason: 'write', weighted: 'read' },
  },
};
const stored = { id: 'd1', version: 2, owner: 'u1', created_at: '', created_by: 'u1', updated_at: '', updated_by: 'u1', deleted_at: null, title: 'Поставка', amount: 1000, discount: 5, stage: 'new', company: null, email: null, lost_reason: null, weighted: 1000 };

async function mountForm(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/records/:entity/new', name: 'record-new', component: RecordFormPage },
      { path: '/records/:entity/:id/edit', name: 'record-edit', component: RecordFormPage },
      { path: '/records/:entity/:id', name: 'record-view', component: { template: '<p>page</p>' } },
    ],
  });
  await router.push(path);
  await router.isReady();
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router, createAppI18n('ru')] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('the record form', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
    api.fetchWorkspaceDefinition.mockResolvedValue({ definition: dealFormApp(), access, processes: [] });
    api.searchRecords.mockResolvedValue([]);
    api.getRecord.mockResolvedValue({ ...stored });
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('hides the lost reason until the stage is lost and does not require it while hidden', async () => {
    const { wrapper } = await mountForm('/records/deal/new');
    expect(wrapper.find('[data-field="lost_reason"]').exists()).toBe(false);
    await wrapper.get('#rf-title').setValue('Поставка');
    await wrapper.get('[data-record-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-field-error="lost_reason"]').exists()).toBe(false);
    expect(wrapper.get('[data-field-error="amount"]').text()).toBe('Заполните это поле');
    expect(api.createRecord).not.toHaveBeenCalled();
  });

  it('shows fields the role may only read as values, not inputs', async () => {
    const { wrapper } = await mountForm('/records/deal/d1/edit');
    const discount = wrapper.get('[data-field="discount"]');
    expect(discount.find('input').exists()).toBe(false);
    expect(discount.text()).toContain('5');
    expect(wrapper.find('#rf-title').exists()).toBe(true);
  });

  it('puts the server\u2019s message under its field and sends only the changes with the version', async () => {
    const { wrapper } = await mountForm('/records/deal/d1/edit');
    await wrapper.get('#rf-title').setValue('Поставка серверов');
    api.updateRecord.mockRejectedValue(new ApiError(409, 'UNIQUE', 'Taken', [{ field: 'title', code: 'UNIQUE', message: 'Already used', message_ru: 'Такое название уже есть' }]));
    await wrapper.get('[data-record-form]').trigger('submit');
    await flushPromises();
    expect(api.updateRecord).toHaveBeenCalledWith('deal', 'd1', { title: 'Поставка серверов' }, 2);
    expect(wrapper.get('[data-field-error="title"]').text()).toBe('Такое название уже есть');
  });

  it('explains a stale version and overwrites on request', async () => {
    const { wrapper, router } = await mountForm('/records/deal/d1/edit');
    await wrapper.get('#rf-title').setValue('Новое');
    api.updateRecord.mockRejectedValueOnce(new ApiError(412, 'VERSION_CONFLICT', 'Stale', []));
    await wrapper.get('[data-record-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-conflict]').text()).toContain('Запись уже изменили');
    api.updateRecord.mockResolvedValue({ ...stored, title: 'Новое', version: 4 });
    await wrapper.get('[data-conflict-overwrite]').trigger('click');
    await flushPromises();
    expect(api.updateRecord).toHaveBeenLastCalledWith('deal', 'd1', { title: 'Новое' }, null);
    expect(router.currentRoute.value.name).toBe('record-view');
  });
});
