import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { mount } from '@vue/test-utils';
import type { App, Field } from '@crm/schemas';
import { createAppI18n } from '../app/i18n.js';
import { provideFieldDisplay, type FieldDisplaySource } from './field-display.context.js';
import { FIELD_WIDGETS } from './field-widgets.catalog.js';
import FieldCell from './FieldCell.vue';
import FieldInput from './FieldInput.vue';
import FieldView from './FieldView.vue';
import { FIELD_TYPE_NAMES } from '@crm/schemas';

/* The widgets as a list, a record page and a form use them, with the b2b deal's kinds of fields. */

const definition: Pick<App, 'entities' | 'pipelines' | 'settings'> = {
  entities: [
    { name: 'company', label: { en: 'Company', ru: 'Компания' }, display: 'name', fields: [{ name: 'name', type: 'text' }] },
    { name: 'deal', label: { en: 'Deal', ru: 'Сделка' }, fields: [{ name: 'stage', type: 'enum' }] },
  ],
  pipelines: [
    {
      name: 'sales',
      entity: 'deal',
      field: 'stage',
      stages: [
        { name: 'new', label: { en: 'New', ru: 'Новая' }, color: '#1f5fbf' },
        { name: 'won', label: { en: 'Won', ru: 'Успешно' }, color: '#22c55e' },
      ],
    },
  ],
};

function withDisplay(child: () => ReturnType<typeof h>, source: FieldDisplaySource = { definition, timeZone: 'Europe/Moscow' }) {
  return defineComponent({
    setup() {
      provideFieldDisplay(ref(source));
      return child;
    },
  });
}

function mountWith(child: () => ReturnType<typeof h>, locale: 'ru' | 'en' = 'ru') {
  return mount(withDisplay(child), { global: { plugins: [createAppI18n(locale)] }, attachTo: document.body });
}

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const stage: Field = { name: 'stage', type: 'enum' };

describe('field widget registry', () => {
  it('has an input, a cell and a view for every type of the field-type catalog', () => {
    for (const type of FIELD_TYPE_NAMES) {
      expect(FIELD_WIDGETS[type].input).toBeTruthy();
      expect(FIELD_WIDGETS[type].cell).toBeTruthy();
      expect(FIELD_WIDGETS[type].view).toBeTruthy();
    }
  });
});

describe('FieldCell', () => {
  it('shows money right-aligned with its currency and thousands grouped', () => {
    const wrapper = mountWith(() => h(FieldCell, { field: { name: 'amount', type: 'money' }, value: 150000 }));
    expect(plain(wrapper.text())).toBe('150 000 ₽');
    expect(wrapper.find('.field-text--numeric').exists()).toBe(true);
  });

  it('shows a stage as a chip labelled and coloured by its pipeline', () => {
    const wrapper = mountWith(() => h(FieldCell, { field: stage, value: 'won', entity: 'deal' }), 'en');
    const chip = wrapper.get('.enum-chip');
    expect(chip.text()).toBe('Won');
    expect(chip.attributes('style')).toContain('background');
  });
});

describe('FieldView', () => {
  it('links a related record to its record page by its title', () => {
    const relation: Field = { name: 'company', type: 'relation', target: 'company' };
    const wrapper = mount(
      withDisplay(() => h(FieldView, { field: relation, value: { id: 'c1', name: 'ООО Ромашка' } })),
      { global: { plugins: [createAppI18n('ru')], stubs: { RouterLink: { props: ['to'], template: '<a :data-to="JSON.stringify(to)"><slot /></a>' } } } },
    );
    expect(wrapper.text()).toBe('ООО Ромашка');
    expect(wrapper.get('a').attributes('data-to')).toContain('record-view');
  });

  it('calls a phone and shows a dash for an empty value', () => {
    const phone = mountWith(() => h(FieldView, { field: { name: 'phone', type: 'phone' }, value: '+79123456789' }));
    expect(phone.get('a').attributes('href')).toBe('tel:+79123456789');
    const empty = mountWith(() => h(FieldView, { field: { name: 'x', type: 'text' }, value: null }));
    expect(empty.text()).toBe('—');
  });
});

describe('FieldInput', () => {
  it('stores a phone typed the Russian way as E.164 and shows it formatted', async () => {
    const value = ref<unknown>(null);
    const wrapper = mountWith(() => h(FieldInput, { id: 'phone', field: { name: 'phone', type: 'phone' }, modelValue: value.value, 'onUpdate:modelValue': (v: unknown) => (value.value = v) }));
    await wrapper.get('#phone').setValue('8 912 345 67 89');
    expect(value.value).toBe('+79123456789');
    await wrapper.get('#phone').setValue('12');
    expect(value.value).toBe('12');
  });

  it('gives null for a cleared text box and the typed text otherwise', async () => {
    const value = ref<unknown>('Acme');
    const wrapper = mountWith(() => h(FieldInput, { id: 'name', field: { name: 'name', type: 'text' }, modelValue: value.value, 'onUpdate:modelValue': (v: unknown) => (value.value = v) }));
    await wrapper.get('#name').setValue('');
    expect(value.value).toBeNull();
    await wrapper.get('#name').setValue('Ромашка');
    await nextTick();
    expect(value.value).toBe('Ромашка');
  });

  it('shows a formula read-only with why it cannot be edited', () => {
    const wrapper = mountWith(() => h(FieldInput, { id: 'f', field: { name: 'f', type: 'formula', expression: 'amount' }, modelValue: 1200 }));
    expect(wrapper.find('input').exists()).toBe(false);
    expect(plain(wrapper.text())).toContain('1 200');
    expect(wrapper.text()).toContain('Считается автоматически');
  });
});
