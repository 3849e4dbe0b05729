import { describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { subjectsAtNode } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { CrmSelect } from '../../components/crm/index.js';
import { conditionApp, conditionProcess } from '../../domain/condition-app.fixture.js';
import ConditionEditor from './ConditionEditor.vue';

/* The condition editor as an analyst uses it: pick, compare, type; read the sentence; see ✓ / ✗ on the sample. */

type Props = InstanceType<typeof ConditionEditor>['$props'];

function mountEditor(props: Partial<Props> & { modelValue: unknown }, locale: 'ru' | 'en' = 'ru') {
  const wrapper: VueWrapper = mount(ConditionEditor, {
    props: { app: conditionApp, entity: 'deal', ...props, 'onUpdate:modelValue': (next: unknown) => wrapper.setProps({ modelValue: next }) },
    global: { plugins: [createAppI18n(locale)] },
    attachTo: document.body,
  });
  return wrapper;
}

function lastEmitted(wrapper: VueWrapper): unknown {
  return wrapper.emitted('update:modelValue')?.at(-1)?.[0];
}

async function pick(wrapper: VueWrapper, idSuffix: string, value: string): Promise<void> {
  const select = wrapper.findAllComponents(CrmSelect).find((s) => String(s.props('id')).endsWith(idSuffix));
  if (!select) throw new Error(`no select ending with ${idSuffix}`);
  select.vm.$emit('update:modelValue', value);
  await wrapper.vm.$nextTick();
}

function optionLabels(wrapper: VueWrapper, idSuffix: string): string[] {
  const select = wrapper.findAllComponents(CrmSelect).find((s) => String(s.props('id')).endsWith(idSuffix));
  return (select?.props('options') ?? []).map((o: { label: string }) => o.label);
}

describe('ConditionEditor', () => {
  it('builds amount > 100000 from "Сумма", "больше" and typing, reads it back and checks it on the sample', async () => {
    const wrapper = mountEditor({ modelValue: undefined, sample: { amount: 150000 } });
    await wrapper.get('[data-add-clause]').trigger('click');
    await pick(wrapper, '-field', 'amount');
    expect(optionLabels(wrapper, '-op')).toEqual(expect.arrayContaining(['больше', 'равно', 'входит в', 'пусто']));
    await pick(wrapper, '-op', 'gt');
    await wrapper.get('.cond-scalar input').setValue('100000');
    expect(lastEmitted(wrapper)).toEqual({ field: 'amount', op: 'gt', value: 100000 });
    expect(wrapper.get('[data-condition-sentence]').text()).toContain('Сумма больше 100\u00a0000');
    expect(wrapper.get('[data-condition-clause] [data-condition-verdict]').attributes('data-condition-verdict')).toBe('true');
    await wrapper.setProps({ sample: { amount: 5 } });
    expect(wrapper.get('[data-condition-clause] [data-condition-verdict]').attributes('data-condition-verdict')).toBe('false');
  });

  it('offers related fields (deal -> company -> city) and option labels, and reads the rule in English', async () => {
    const wrapper = mountEditor({ modelValue: { and: [{ field: 'amount', op: 'gt', value: 100000 }, { field: 'stage', op: 'eq', value: 'negotiation' }] } }, 'en');
    expect(optionLabels(wrapper, 'and-0-field')).toContain('Company › City');
    expect(optionLabels(wrapper, 'and-1-value')).toEqual(['New', 'Negotiation', 'Won']);
    expect(wrapper.get('[data-condition-sentence]').text()).toContain('Amount is greater than 100,000 and stage is "Negotiation"');
  });

  it('shows a checker problem beside the clause it is about', () => {
    const wrapper = mountEditor({ modelValue: { and: [{ field: 'amount', op: 'gt', value: 1 }, { field: 'amount', op: 'contains', value: 'x' }] } });
    const clauses = wrapper.findAll('[data-condition-clause]');
    expect(clauses[0]?.find('[data-condition-issue]').exists()).toBe(false);
    expect(clauses[1]?.find('[data-condition-issue]').exists()).toBe(true);
  });

  it('adds a nested group, wraps in not and removes, each as one new tree', async () => {
    const wrapper = mountEditor({ modelValue: { and: [{ field: 'amount', op: 'gt', value: 1 }] } });
    await wrapper.get('[data-add-group]').trigger('click');
    expect(lastEmitted(wrapper)).toEqual({ and: [{ field: 'amount', op: 'gt', value: 1 }, { or: [{ field: 'title', op: 'eq', value: null }] }] });
    const negate = wrapper.get('[data-condition-clause="and/0"]').findAll('button').find((b) => b.text() === 'Наоборот (НЕ)');
    await negate?.trigger('click');
    expect(lastEmitted(wrapper)).toEqual({ and: [{ not: { field: 'amount', op: 'gt', value: 1 } }, { or: [{ field: 'title', op: 'eq', value: null }] }] });
    await wrapper.get('[data-condition-clause="and/0/not"] [data-remove-clause]').trigger('click');
    expect(lastEmitted(wrapper)).toEqual({ and: [{ or: [{ field: 'title', op: 'eq', value: null }] }] });
  });

  it('edits the raw JSON, applying it only once it parses', async () => {
    const wrapper = mountEditor({ modelValue: { field: 'amount', op: 'gt', value: 1 } });
    await wrapper.get('[data-condition-raw]').trigger('click');
    const box = wrapper.get('textarea');
    await box.setValue('{"field": "amount", "op": ');
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    expect(wrapper.get('[role="alert"]').text()).toContain('JSON');
    await box.setValue('{"field": "amount", "op": "lt", "value": 7}');
    expect(lastEmitted(wrapper)).toEqual({ field: 'amount', op: 'lt', value: 7 });
  });

  it('in a process node reads the run’s values: record fields under "Запись", earlier steps, $now', async () => {
    const subjects = subjectsAtNode(conditionApp, conditionProcess, 'check');
    const wrapper = mountEditor({ modelValue: { field: 'record.amount', op: 'gt', value: 100000 }, entity: undefined, subjects, sample: { record: { amount: 200000 } } });
    expect(optionLabels(wrapper, 'root-field')).toEqual(expect.arrayContaining(['Запись › Сумма', 'Сейчас']));
    expect(wrapper.get('[data-condition-sentence]').text()).toContain('Запись › Сумма больше');
    expect(wrapper.get('[data-condition-clause] [data-condition-verdict]').attributes('data-condition-verdict')).toBe('true');
  });
});
