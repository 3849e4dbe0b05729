import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { mount } from '@vue/test-utils';
import type { FileField } from '@crm/schemas';
import { createAppI18n } from '../app/i18n.js';
import { provideFileRecord } from './file-record.context.js';
import FieldCell from './FieldCell.vue';
import FieldInput from './FieldInput.vue';
import FieldView from './FieldView.vue';

/* The file widgets as a list, a record page and a form use them (no network: nothing here uploads). */

const documents: FileField = { name: 'documents', type: 'file', label: { en: 'Documents', ru: 'Документы' }, multiple: true, accept: ['.pdf', 'image/*'], maxSizeMb: 1 };
const pdf = { name: 'Договор.pdf', size: 1536, mime: 'application/pdf', key: '11111111-1111-4111-8111-111111111111' };
const png = { name: 'photo.png', size: 2_500_000, mime: 'image/png', key: '22222222-2222-4222-8222-222222222222' };

function mountIn(child: () => ReturnType<typeof h>, locale: 'ru' | 'en', record: { entity: string; id: string | null } | null) {
  const root = defineComponent({
    setup() {
      provideFileRecord(ref(record));
      return child;
    },
  });
  return mount(root, { global: { plugins: [createAppI18n(locale)] }, attachTo: document.body });
}

describe('file widgets', () => {
  it('a list cell shows the first name and how many more', () => {
    const wrapper = mountIn(() => h(FieldCell, { field: documents, value: [pdf, png] }), 'en', null);
    expect(wrapper.text()).toBe('Договор.pdf+1');
    expect(wrapper.find('.file-cell').attributes('title')).toBe('Договор.pdf\nphoto.png');
  });

  it('the record page links each file to its download through the record, with a thumbnail for images and sizes in the locale', () => {
    const wrapper = mountIn(() => h(FieldView, { field: documents, value: [pdf, png], entity: 'deal' }), 'ru', { entity: 'deal', id: 'd1' });
    const links = wrapper.findAll('[data-file-link]');
    expect(links.map((a) => a.attributes('href'))).toEqual([`/api/records/deal/d1/files/documents/${pdf.key}`, `/api/records/deal/d1/files/documents/${png.key}`]);
    expect(links[0]?.attributes('download')).toBe('Договор.pdf');
    expect(wrapper.findAll('img').map((img) => img.attributes('src'))).toEqual([`/api/records/deal/d1/files/documents/${png.key}`]);
    expect(wrapper.text()).toContain('1,5\u00a0КБ');
    expect(wrapper.text()).toContain('2,4\u00a0МБ');
  });

  it('without a saved record, files are named but not linked', () => {
    const wrapper = mountIn(() => h(FieldView, { field: documents, value: pdf }), 'en', null);
    expect(wrapper.findAll('[data-file-link]')).toHaveLength(0);
    expect(wrapper.text()).toContain('Договор.pdf');
  });

  it('the form refuses a file over the limit before sending it, with the server words, and removes a file from the value', async () => {
    const value = ref<unknown>([pdf]);
    const wrapper = mountIn(
      () => h(FieldInput, { id: 'f-docs', field: documents, entity: 'deal', modelValue: value.value, 'onUpdate:modelValue': (v: unknown) => (value.value = v) }),
      'en',
      { entity: 'deal', id: 'd1' },
    );
    const input = wrapper.find('[data-file-picker]');
    expect(input.attributes('accept')).toBe('.pdf,image/*');
    const big = new File([new Uint8Array(2 * 1024 * 1024)], 'big.pdf', { type: 'application/pdf' });
    Object.defineProperty(input.element, 'files', { value: [big], configurable: true });
    await input.trigger('change');
    expect(wrapper.find('[data-file-problem]').text()).toBe('«Documents»: the file is larger than 1 MB, the most this field takes.');
    expect(value.value).toEqual([pdf]);

    await wrapper.find('button[aria-label="Remove Договор.pdf"]').trigger('click');
    await nextTick();
    expect(value.value).toEqual([]);
  });
});
