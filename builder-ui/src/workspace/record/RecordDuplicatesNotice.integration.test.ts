import { beforeAll, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createRecord } from '../../api/records.api.js';
import { createAppI18n } from '../../app/i18n.js';
import { signedInAdmin } from '../../stores/ui-runtime.fixture.js';
import { useWorkspaceRecordStore } from '../../stores/workspace-record.store.js';
import RecordFormPage from './RecordFormPage.vue';
import RecordDuplicatesNotice from './RecordDuplicatesNotice.vue';

/*
 * Creating a contact whose phone is already on another contact (written differently) leads to the
 * new record's page with "Похожие записи" linking to the existing one, against a real runtime
 * (b2b-sales). The page here is only the notice: the rest of the record page is not the point.
 */

const WAIT = { timeout: 20_000, interval: 50 };

const ViewStub = {
  components: { RecordDuplicatesNotice },
  setup() {
    const store = useWorkspaceRecordStore();
    return { model: () => store.workspace?.definition.entities.find((e) => e.name === 'contact') };
  },
  template: '<RecordDuplicatesNotice :entity="$route.params.entity" :record-id="$route.params.id" :model="model()" locale="ru" /><p data-view>page</p>',
};

describe('possible duplicates after a create', () => {
  beforeAll(async () => {
    setActivePinia(createPinia());
    await signedInAdmin();
  });

  it('shows the existing contact as a link on the new record\u2019s page', async () => {
    const existing = await createRecord('contact', { first_name: 'Ирина', last_name: 'Дубль', phone: '89120001122' });
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/records/:entity/new', name: 'record-new', component: RecordFormPage },
        { path: '/records/:entity/:id', name: 'record-view', component: ViewStub },
      ],
    });
    await router.push('/records/contact/new');
    await router.isReady();
    const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router, createAppI18n('ru')] }, attachTo: document.body });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(wrapper.find('#rf-phone').exists()).toBe(true);
    }, WAIT);
    await wrapper.get('#rf-first_name').setValue('Ирина');
    await wrapper.get('#rf-last_name').setValue('Дубль-2');
    await wrapper.get('#rf-phone').setValue('+7 (912) 000-11-22');
    await wrapper.get('[data-record-form]').trigger('submit');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(wrapper.find('[data-view]').exists()).toBe(true);
    }, WAIT);
    const notice = wrapper.get('[data-duplicates]');
    // The key that matched, by its label in the person's language.
    expect(notice.text()).toContain('Похожие записи — совпадает: Телефон');
    expect(notice.text()).toContain('Дубль');
    expect(notice.get('[data-duplicate-link]').attributes('href')).toBe(`/records/contact/${existing.id}`);
    wrapper.unmount();
  });
});
