import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createAppI18n } from '../../app/i18n.js';
import { CrmSelect } from '../../components/crm/index.js';
import { conditionApp, conditionProcess } from '../../domain/condition-app.fixture.js';
import { nodeConfigSchema } from '../../domain/schema-form.mapping.js';
import SchemaForm from './SchemaForm.vue';

/* A condition node's property form edits its condition with the ConditionEditor over the run's values. */

describe('SchemaForm with a condition member', () => {
  it('offers the values the node can read and emits the edited condition at ["condition"]', async () => {
    const schema = nodeConfigSchema('ConditionNode');
    if (!schema) throw new Error('ConditionNode has no config schema');
    const wrapper = mount(SchemaForm, {
      props: { schema, value: { condition: { field: 'record.amount', op: 'gt', value: 100000 } }, context: { app: conditionApp, process: conditionProcess, nodeId: 'check' } },
      global: { plugins: [createAppI18n('ru')] },
    });
    expect(wrapper.get('[data-schema-field="condition"] legend').text()).toBe('Условие *');
    expect(wrapper.get('[data-condition-sentence]').text()).toContain('Запись › Сумма больше 100\u00a0000');
    const op = wrapper.findAllComponents(CrmSelect).find((s) => String(s.props('id')).endsWith('-op'));
    op?.vm.$emit('update:modelValue', 'lte');
    expect(wrapper.emitted('change')?.at(-1)?.[0]).toEqual({ path: ['condition'], value: { field: 'record.amount', op: 'lte', value: 100000 } });
  });
});
