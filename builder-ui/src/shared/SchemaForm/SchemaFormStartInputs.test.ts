import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { App } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { CrmSelect, CrmSwitch } from '../../components/crm/index.js';
import CrmFieldSelect from '../../components/crm/CrmFieldSelect.vue';
import { processDefinition } from '../../domain/schema-form.mapping.js';
import SchemaForm from './SchemaForm.vue';
import type { SchemaFormChange, SchemaFormIssue } from './schema-form.types.js';

/*
 * A manual trigger's settings as an analyst edits them: the start form's questions are rows with
 * a name, the question in two languages, the answer type in words, and only the settings that type
 * uses (choices for a list, the entity for a record, the currency for money), and a default answer
 * asked with the question's own input.
 */

const app: App = {
  name: 'crm',
  entities: [
    { name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] },
    { name: 'contact', label: { ru: 'Контакт', en: 'Contact' }, fields: [{ name: 'name', type: 'text' }] },
  ],
  roles: [{ name: 'sales_rep', label: { ru: 'Менеджер', en: 'Sales rep' } }],
};

function mountTrigger(value: unknown, issues: SchemaFormIssue[] = [], locale: 'ru' | 'en' = 'ru') {
  const schema = processDefinition('ManualTrigger');
  if (!schema) throw new Error('process.schema.json has no ManualTrigger');
  return mount(SchemaForm, { props: { schema, value, context: { app }, issues }, global: { plugins: [createAppI18n(locale)] }, attachTo: document.body });
}

type Found = ReturnType<ReturnType<typeof mountTrigger>['get']>;

/** The elements matching `selector` that belong to `list` itself, not to a list nested in its rows. */
function own(list: Found, selector: string): Found[] {
  return list.findAll(selector).filter((el) => el.element.parentElement?.closest('[data-schema-field]') === list.element) as Found[];
}

function changes(wrapper: ReturnType<typeof mountTrigger>): SchemaFormChange[] {
  return (wrapper.emitted('change') ?? []).map(([change]) => change as SchemaFormChange);
}

const FORM = {
  type: 'manual',
  entity: 'deal',
  inputs: [
    { name: 'channel', type: 'enum', options: [{ value: 'call' }] },
    { name: 'contact', type: 'relation' },
  ],
};

describe('the start form in a manual trigger’s settings', () => {
  it('draws one row per question, each showing only what its answer type uses', () => {
    const wrapper = mountTrigger(FORM);
    const inputs = wrapper.get('[data-schema-field="inputs"]');
    expect(inputs.get('legend').text()).toBe('Что спросить при запуске');
    const [list, record] = own(inputs, '[data-list-row]');
    // A row's own members: their nearest enclosing member is the list itself.
    const keys = (row: Found | undefined) =>
      (row?.findAll('[data-schema-field]') ?? []).filter((f) => f.element.parentElement?.closest('[data-schema-field]') === inputs.element).map((f) => f.attributes('data-schema-field'));
    expect(keys(list)).toEqual(expect.arrayContaining(['name', 'label', 'type', 'required', 'options']));
    expect(keys(list)).not.toContain('target');
    expect(keys(record)).toContain('target');
    expect(keys(record)).not.toContain('options');
    // The answer type reads in words; the record's entity is picked from the app's entities.
    const type = list?.get('[data-schema-field="type"]').findComponent(CrmSelect);
    expect(type?.props('options').map((o: { label: string }) => o.label)).toContain('Один из списка');
    const target = record?.get('[data-schema-field="target"]').findComponent(CrmSelect);
    expect(target?.props('options').map((o: { label: string }) => o.label)).toEqual(expect.arrayContaining(['Сделка', 'Контакт']));
  });

  it('adds a question and edits one in place', async () => {
    const wrapper = mountTrigger(FORM);
    const inputs = wrapper.get('[data-schema-field="inputs"]');
    await own(inputs, '[data-add-item]')[0]?.trigger('click');
    expect(changes(wrapper).at(-1)?.path).toEqual(['inputs']);
    expect((changes(wrapper).at(-1)?.value as unknown[]).length).toBe(3);
    const record = own(inputs, '[data-list-row]')[1];
    record?.get('[data-schema-field="target"]').findComponent(CrmSelect).vm.$emit('update:modelValue', 'contact');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['inputs', 1, 'target'], value: 'contact' });
  });

  it('shows a problem of a question next to it', () => {
    const wrapper = mountTrigger({ ...FORM, inputs: [{ name: 'channel', type: 'enum' }] }, [{ path: ['inputs', 0, 'options'], message: 'Задайте варианты.' }]);
    const row = wrapper.get('[data-schema-field="inputs"] [data-list-row]');
    expect(row.get('[data-field-error="options"]').text()).toBe('Задайте варианты.');
  });

  it('asks a default answer with the question’s own input: its choices for a list, none for a record', async () => {
    const wrapper = mountTrigger(FORM);
    const [list, record] = own(wrapper.get('[data-schema-field="inputs"]'), '[data-list-row]');
    const choice = list?.get('[data-schema-field="default"] [data-start-default="enum"]').findComponent(CrmFieldSelect);
    expect(choice?.props('options').map((o: { value: string }) => o.value)).toEqual(['call']);
    choice?.vm.$emit('update:modelValue', 'call');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['inputs', 0, 'default'], value: 'call' });
    choice?.vm.$emit('update:modelValue', null);
    expect(changes(wrapper).at(-1)).toEqual({ path: ['inputs', 0, 'default'], value: undefined });
    expect(record?.find('[data-schema-field="default"]').exists()).toBe(false);
  });

  it('lets a person question default to whoever starts, and a date to the day it starts', async () => {
    const wrapper = mountTrigger({ ...FORM, inputs: [{ name: 'who', type: 'user', default: '$user' }, { name: 'due', type: 'date' }] }, [], 'en');
    const [who, due] = own(wrapper.get('[data-schema-field="inputs"]'), '[data-list-row]');
    const starter = who?.get('[data-schema-field="default"]');
    expect(starter?.text()).toContain('Whoever starts it');
    expect(starter?.findComponent(CrmSwitch).props('modelValue')).toBe(true);
    starter?.findComponent(CrmSwitch).vm.$emit('update:modelValue', false);
    expect(changes(wrapper).at(-1)).toEqual({ path: ['inputs', 0, 'default'], value: undefined });
    due?.get('[data-schema-field="default"]').findComponent(CrmSwitch).vm.$emit('update:modelValue', true);
    expect(changes(wrapper).at(-1)).toEqual({ path: ['inputs', 1, 'default'], value: '$today' });
  });
});
