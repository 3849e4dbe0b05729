import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { App } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { CrmSelect } from '../../components/crm/index.js';
import { nodeConfigSchema } from '../../domain/schema-form.mapping.js';
import SchemaForm from './SchemaForm.vue';
import type { SchemaFormChange, SchemaFormIssue } from './schema-form.types.js';

/* The property form of an approval node, generated from its config schema, as an analyst uses it. */

const app: App = {
  name: 'crm',
  entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'amount', type: 'money', label: { ru: 'Сумма', en: 'Amount' } }] }],
  roles: [{ name: 'sales_head', label: { ru: 'Руководитель продаж', en: 'Head of sales' } }],
};

function approvalSchema() {
  const schema = nodeConfigSchema('ApprovalNode');
  if (!schema) throw new Error('ApprovalNode has no config schema');
  return schema;
}

function mountForm(value: unknown, issues: SchemaFormIssue[] = [], locale: 'ru' | 'en' = 'ru') {
  return mount(SchemaForm, {
    props: { schema: approvalSchema(), value, context: { app }, issues },
    global: { plugins: [createAppI18n(locale)] },
    attachTo: document.body,
  });
}

function changes(wrapper: ReturnType<typeof mountForm>): SchemaFormChange[] {
  return (wrapper.emitted('change') ?? []).map(([change]) => change as SchemaFormChange);
}

describe('SchemaForm on an approval node', () => {
  it('shows every member with its plain-language label, in order, nested ones inside their group', () => {
    const wrapper = mountForm({ approvers: ['a@example.com'] });
    const labels = wrapper.findAll('[data-schema-field] > .sf-field__label, [data-schema-field] > legend, [data-schema-field] > summary').map((l) => l.text().replace(' *', ''));
    expect(labels).toEqual(['Название', 'Согласующие', 'Чьё решение нужно', 'Срок ответа', 'Кому эскалировать', 'Повторная эскалация',
      'Сколько раз эскалировать', 'Срок ответа после эскалации', 'Когда эскалации закончились']);
    const en = mountForm({ approvers: [] }, [], 'en');
    expect(en.get('[data-schema-field="timeout"] label').text()).toBe('Time to respond');
  });

  it('emits the ISO duration at ["timeout"] when "Срок ответа" is set to 2 days, and reads it back in words', async () => {
    const wrapper = mountForm({ approvers: ['a@example.com'], timeout: 'P1D' });
    const field = wrapper.get('[data-schema-field="timeout"]');
    expect(field.get('[data-duration-words]').text()).toBe('1 день');
    const id = field.get('label').attributes('for');
    await field.get(`#${id}`).setValue('2');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['timeout'], value: 'P2D' });
  });

  it('adds an approver row and emits the whole new list', async () => {
    const wrapper = mountForm({ approvers: ['a@example.com'] });
    const approvers = wrapper.get('[data-schema-field="approvers"]');
    expect(approvers.findAll('[data-list-row]')).toHaveLength(1);
    await approvers.get('[data-add-item]').trigger('click');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['approvers'], value: ['a@example.com', ''] });
  });

  it('edits one approver in place and removes one from the list', async () => {
    const wrapper = mountForm({ approvers: ['a@example.com', 'b@example.com'] });
    const approvers = wrapper.get('[data-schema-field="approvers"]');
    const second = approvers.findAll('[data-list-row]')[1];
    await second?.get('input').setValue('c@example.com');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['approvers', 1], value: 'c@example.com' });
    await approvers.findAll('[data-remove-item]')[0]?.trigger('click');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['approvers'], value: ['b@example.com'] });
  });

  it('offers "Кому эскалировать" its special values beside a person and a role', async () => {
    const wrapper = mountForm({ approvers: ['a@example.com'], escalateTo: 'owner-manager' });
    const kind = wrapper.get('[data-schema-field="escalateTo"]').findAllComponents(CrmSelect)[0];
    expect(kind?.props('modelValue')).toBe('special:owner-manager');
    expect(kind?.props('options').map((o: { label: string }) => o.label)).toEqual(['Человек или значение', 'Роль', 'Руководителю владельца записи', 'Руководителю согласующего']);
    kind?.vm.$emit('update:modelValue', 'special:approver-manager');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['escalateTo'], value: 'approver-manager' });
    kind?.vm.$emit('update:modelValue', 'role');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['escalateTo'], value: { role: 'sales_head' } });
  });

  it('removes a member (undefined) when its text is cleared', async () => {
    const wrapper = mountForm({ approvers: ['a@example.com'], title: 'Скидка' });
    await wrapper.get('[data-schema-field="title"] input').setValue('');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['title'], value: undefined });
  });

  it('sets a member of an absent nested object by emitting the new object', async () => {
    const wrapper = mountForm({ approvers: ['a@example.com'] });
    const times = wrapper.get('[data-schema-field="escalation"] [data-schema-field="times"]');
    await times.get('input').setValue('3');
    expect(changes(wrapper).at(-1)).toEqual({ path: ['escalation'], value: { times: 3 } });
  });

  it('shows a problem under the member it is about, tied to its input', () => {
    const wrapper = mountForm({ approvers: [] }, [{ path: ['approvers'], message: 'Укажите хотя бы одного согласующего.' }, { path: ['escalation', 'times'], message: 'Не больше 10.' }]);
    expect(wrapper.get('[data-field-error="approvers"]').text()).toBe('Укажите хотя бы одного согласующего.');
    expect(wrapper.get('[data-schema-field="escalation"] [data-field-error="times"]').text()).toBe('Не больше 10.');
    const timesInput = wrapper.get('[data-schema-field="times"] input');
    expect(timesInput.attributes('aria-describedby')).toContain(wrapper.get('[data-field-error="times"]').attributes('id'));
  });

  it('labels every input it draws (axe: form controls need names)', () => {
    const wrapper = mountForm({ approvers: ['a@example.com', { role: 'sales_head' }], timeout: 'P1D' });
    for (const input of wrapper.findAll('input, textarea')) {
      const id = input.attributes('id');
      if (input.attributes('type') === 'checkbox' || input.attributes('readonly') !== undefined) continue;
      expect(id, input.html()).toBeTruthy();
      expect(wrapper.find(`label[for="${id}"]`).exists(), input.html()).toBe(true);
    }
  });
});
