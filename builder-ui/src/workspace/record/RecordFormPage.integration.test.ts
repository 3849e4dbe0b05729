import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { publishDraft, saveDraft } from '../../api/definition-draft.api.js';
import { fetchLiveDefinition } from '../../api/definitions.api.js';
import { apiRequest } from '../../api/http.client.js';
import { createRecord, fetchHistory, getRecord, listRecords, updateRecord } from '../../api/records.api.js';
import { login } from '../../api/session.api.js';
import { listUsers } from '../../api/users.api.js';
import { createAppI18n } from '../../app/i18n.js';
import { signedInAdmin } from '../../stores/ui-runtime.fixture.js';
import RecordFormPage from './RecordFormPage.vue';

/*
 * The deal form as a b2b-sales rep (Dmitry) fills it, against a real runtime: the lost-reason rule,
 * the discount his role may only read, the server's answers. The admin first puts the discount on
 * the deal form (the template's form leaves it out), makes deal titles unique (so the server has a
 * word about a field that only it can check) and gives Dmitry a password.
 */

const REP = { email: 'dmitry.petrov@example.com', password: 'dmitry-petrov-password-1' };
/** How long a screen may take to show the runtime's answer on a busy machine. */
const WAIT = { timeout: 20_000, interval: 50 };
let dealId = '';
let dealVersion = 0;

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
  // The form appears once the definition (and the record) have come from the runtime.
  await vi.waitFor(async () => {
    await flushPromises();
    expect(wrapper.find('#rf-title').exists()).toBe(true);
  }, WAIT);
  return { wrapper, router };
}

/** Lets the page take the runtime's answer to a submit or a click. */
async function settle(done: () => boolean): Promise<void> {
  await vi.waitFor(async () => {
    await flushPromises();
    expect(done()).toBe(true);
  }, WAIT);
}

describe('the record form', () => {
  beforeAll(async () => {
    await signedInAdmin();
    const app = await fetchLiveDefinition();
    if (!app) throw new Error('no live definition');
    const forms = (app.forms ?? []).map((f) => (f.name === 'deal_form' ? { ...f, sections: f.sections.map((s, i) => (i === 0 ? { ...s, fields: [...s.fields, { field: 'discount' }] } : s)) } : f));
    const entities = app.entities.map((e) => (e.name === 'deal' ? { ...e, fields: e.fields.map((f) => (f.name === 'title' ? { ...f, unique: true } : f)) } : e));
    await saveDraft({ ...app, entities, forms });
    await publishDraft({});
    const dmitry = (await listUsers()).find((u) => u.email === REP.email);
    if (!dmitry) throw new Error('b2b-sales has Dmitry');
    await apiRequest('PATCH', `/api/users/${dmitry.id}`, { password: REP.password });
    // His deal, with a discount a manager agreed (he may not set it).
    const deal = await createRecord('deal', { title: 'Поставка', amount: 1000, discount: 5, stage: 'lead', owner: dmitry.id });
    dealId = deal.id;
    dealVersion = deal.version;
    await login(REP);
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('hides the lost reason until the stage is lost and does not require it while hidden', async () => {
    const { wrapper } = await mountForm('/records/deal/new');
    expect(wrapper.find('[data-field="lost_reason"]').exists()).toBe(false);
    await wrapper.get('#rf-title').setValue('Поставка без суммы');
    await wrapper.get('[data-record-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-field-error="lost_reason"]').exists()).toBe(false);
    expect(wrapper.get('[data-field-error="amount"]').text()).toBe('Заполните это поле');
    expect((await listRecords('deal', { q: 'без суммы' })).data).toEqual([]);
  });

  it('shows fields the role may only read as values, not inputs', async () => {
    const { wrapper } = await mountForm(`/records/deal/${dealId}/edit`);
    const discount = wrapper.get('[data-field="discount"]');
    expect(discount.find('input').exists()).toBe(false);
    expect(discount.text()).toContain('5');
    expect(wrapper.find('#rf-title').exists()).toBe(true);
  });

  it('puts the server\u2019s message under its field and sends only the changes with the version', async () => {
    await createRecord('deal', { title: 'Занятое название', amount: 10, stage: 'lead' });
    const { wrapper } = await mountForm(`/records/deal/${dealId}/edit`);
    await wrapper.get('#rf-title').setValue('Занятое название');
    await wrapper.get('[data-record-form]').trigger('submit');
    await settle(() => wrapper.find('[data-field-error="title"]').exists());
    expect(wrapper.get('[data-field-error="title"]').text()).toMatch(/[а-я]/);
    await wrapper.get('#rf-title').setValue('Поставка серверов');
    await wrapper.get('[data-record-form]').trigger('submit');
    await settle(() => wrapper.find('[data-field-error="title"]').exists() === false && wrapper.text() === 'page');
    const history = await fetchHistory('deal', dealId);
    expect(history.find((h) => h.version === dealVersion + 1)?.changes.map((c) => c.field)).toEqual(['title']);
    dealVersion += 1;
  });

  it('explains a stale version and overwrites on request', async () => {
    const { wrapper, router } = await mountForm(`/records/deal/${dealId}/edit`);
    await wrapper.get('#rf-title').setValue('Новое');
    // Someone else saves the deal meanwhile.
    await updateRecord('deal', dealId, { amount: 2000 }, dealVersion);
    await wrapper.get('[data-record-form]').trigger('submit');
    await settle(() => wrapper.find('[data-conflict]').exists());
    expect(wrapper.get('[data-conflict]').text()).toContain('Запись уже изменили');
    await wrapper.get('[data-conflict-overwrite]').trigger('click');
    await settle(() => router.currentRoute.value.name === 'record-view');
    expect(await getRecord('deal', dealId)).toMatchObject({ title: 'Новое', amount: 2000 });
  });
});
