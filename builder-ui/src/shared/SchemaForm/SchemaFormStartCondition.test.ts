import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import type { App } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { CrmSelect } from '../../components/crm/index.js';
import CrmFieldSelect from '../../components/crm/CrmFieldSelect.vue';
import { processDefinition } from '../../domain/schema-form.mapping.js';
import SchemaForm from './SchemaForm.vue';
import type { SchemaFormChange } from './schema-form.types.js';

/*
 * "Show only when" of a start-form question in a manual trigger's settings: the analyst picks a
 * question above it (by its label, only those with a few answers to list), then the answers that
 * show it, asked as that question asks them, and can remove the condition.
 */

const app: App = { name: 'crm', entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] }] };

const INPUTS = [
  { name: 'urgency', type: 'enum', label: { ru: 'Срочность', en: 'Urgency' }, options: [{ value: 'normal', label: { ru: 'Обычно', en: 'Normal' } }, { value: 'urgent', label: { ru: 'Срочно', en: 'Urgent' } }] },
  { name: 'note', type: 'text', label: { ru: 'Заметка', en: 'Note' } },
  { name: 'escalate', type: 'boolean', label: { ru: 'Эскалировать', en: 'Escalate' } },
  { name: 'why', type: 'longtext', label: { ru: 'Почему', en: 'Why' } },
];

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function mountTrigger(inputs: unknown[], locale: 'ru' | 'en' = 'ru') {
  const schema = processDefinition('ManualTrigger');
  if (!schema) throw new Error('process.schema.json has no ManualTrigger');
  return mount(SchemaForm, { props: { schema, value: { type: 'manual', entity: 'deal', inputs }, context: { app }, issues: [] }, global: { plugins: [createAppI18n(locale)] }, attachTo: document.body });
}

type Wrapper = ReturnType<typeof mountTrigger>;

function condition(wrapper: Wrapper, row: number) {
  return wrapper.get(`[data-schema-field="inputs"] [data-list-row="${row}"] [data-schema-field="visibleWhen"]`);
}

function lastChange(wrapper: Wrapper): SchemaFormChange | undefined {
  return (wrapper.emitted('change') ?? []).map(([change]) => change as SchemaFormChange).at(-1);
}

describe('a start-form question’s condition in the trigger’s settings', () => {
  it('offers the questions above with answers to list, by their labels', () => {
    const wrapper = mountTrigger(INPUTS);
    const why = condition(wrapper, 3);
    expect(why.get('legend').text()).toBe('Показывать, только если');
    const options = why.get('[data-condition-question]').findComponent(CrmSelect).props('options');
    // The text question is not offered, nor the question itself or any below it.
    expect(options.map((o: { label: string }) => o.label)).toEqual(['Всегда показывать', 'Срочность', 'Эскалировать']);
    // The first question has nothing above it to depend on.
    expect(condition(wrapper, 0).find('[data-start-condition-none]').exists()).toBe(true);
  });

  it('picks a question, then its choices with the list’s own options', async () => {
    const wrapper = mountTrigger(INPUTS);
    condition(wrapper, 3).get('[data-condition-question]').findComponent(CrmSelect).vm.$emit('update:modelValue', 'urgency');
    expect(lastChange(wrapper)).toEqual({ path: ['inputs', 3, 'visibleWhen'], value: { question: 'urgency', in: [] } });
    await wrapper.setProps({ value: { type: 'manual', entity: 'deal', inputs: [...INPUTS.slice(0, 3), { ...INPUTS[3], visibleWhen: { question: 'urgency', in: [] } }] } });
    const choices = condition(wrapper, 3).get('[data-condition-values="enum"]').findComponent(CrmFieldSelect);
    expect(choices.props('options').map((o: { label: string }) => o.label)).toEqual(['Обычно', 'Срочно']);
    choices.vm.$emit('update:modelValue', ['urgent']);
    expect(lastChange(wrapper)).toEqual({ path: ['inputs', 3, 'visibleWhen'], value: { question: 'urgency', in: ['urgent'] } });
  });

  it('asks yes or no for a yes/no question, and removes the condition', async () => {
    const wrapper = mountTrigger([...INPUTS.slice(0, 3), { ...INPUTS[3], visibleWhen: { question: 'escalate', in: [true] } }], 'en');
    const values = condition(wrapper, 3).get('[data-condition-values="boolean"]').findComponent(CrmSelect);
    expect(values.props('modelValue')).toBe('true');
    expect(values.props('options').map((o: { label: string }) => o.label)).toEqual(['Yes', 'No']);
    values.vm.$emit('update:modelValue', 'false');
    expect(lastChange(wrapper)).toEqual({ path: ['inputs', 3, 'visibleWhen'], value: { question: 'escalate', in: [false] } });
    const remove = condition(wrapper, 3).get('[data-action="remove-condition"]');
    expect(remove.text()).toBe('Remove the condition');
    await remove.trigger('click');
    expect(lastChange(wrapper)).toEqual({ path: ['inputs', 3, 'visibleWhen'], value: undefined });
  });

  it('picks people for a person question, one picker each and one more to add', () => {
    const boss = '5f0c2a8e-3b7d-4c1e-9a2f-1d2e3f4a5b6c';
    // The person picker searches the organisation's people (GET /api/users): here, Boris alone.
    const people = { data: [{ id: boss, name: 'Борис', email: 'boris@example.com' }], nextCursor: null };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(people), { status: 200, headers: { 'content-type': 'application/json' } }));
    const wrapper = mountTrigger([{ name: 'who', type: 'user', label: { ru: 'Кто', en: 'Who' } }, { name: 'why', type: 'text', visibleWhen: { question: 'who', in: [boss] } }]);
    const pickers = condition(wrapper, 1).get('[data-condition-values="user"]').findAllComponents(CrmFieldSelect);
    expect([pickers[0]?.props('modelValue'), pickers[1]?.props('modelValue'), pickers.length]).toEqual([boss, null, 2]);
    pickers[0]?.vm.$emit('update:modelValue', null);
    expect(lastChange(wrapper)).toEqual({ path: ['inputs', 1, 'visibleWhen'], value: { question: 'who', in: [] } });
  });
});
