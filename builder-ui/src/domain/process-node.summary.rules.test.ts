import { describe, expect, it } from 'vitest';
import { conditionText, handleLabel, nodeSummary, triggerSummary } from './process-node.summary.rules.js';
import { defaultNodeConfig } from './process-node.factory.js';
import { NODE_TYPES, validateNodeShape } from '@crm/schemas';
import { bigDealProcess, designerApp } from './process-graph.fixtures.js';

describe('process-node summary and defaults', () => {
  const app = designerApp(bigDealProcess());
  const process = bigDealProcess();

  it('labels branch handles in both languages and leaves "out" bare', () => {
    const check = process.nodes[0]!;
    expect(handleLabel(check, 'true')).toEqual({ ru: 'да', en: 'yes' });
    expect(handleLabel(check, 'out')).toBeNull();
    const sw = { id: 's', type: 'switch' as const, config: { cases: [{ handle: 'vip', label: { ru: 'ВИП', en: 'VIP' }, condition: { field: 'amount', op: 'gt' as const, value: 1 } }] } };
    expect(handleLabel(sw, 'vip')).toEqual({ ru: 'ВИП', en: 'VIP' });
    expect(handleLabel(sw, 'default')).toEqual({ ru: 'иначе', en: 'otherwise' });
  });

  it('summarises conditions, assignments and triggers', () => {
    expect(conditionText({ and: [{ field: 'amount', op: 'gte', value: 1500 }, { field: 'title', op: 'isEmpty' }] })).toBe('amount ≥ 1 500 & title isEmpty');
    expect(nodeSummary(app, process.nodes[1]!)).toEqual({ ru: 'Наименее загруженному: Старший менеджер', en: 'Least loaded: Senior manager' });
    // The condition reads as the condition editor's sentence, with the entity's labels.
    expect(nodeSummary(app, process.nodes[0]!, 'deal')).toEqual({ ru: 'Сумма больше 100\u00a0000', en: 'Amount is greater than 100,000' });
    // Without the entity (a process with no record) the names are shown as written.
    expect(nodeSummary(app, process.nodes[0]!)?.en).toBe('Amount is greater than 100,000');
    const update = { id: 'u', type: 'update_record' as const, config: { values: { amount: 1, nonexistent: 2 } } };
    expect(nodeSummary(app, update, 'deal')).toEqual({ ru: 'Сумма, nonexistent', en: 'Amount, nonexistent' });
    const wait = { id: 'w', type: 'wait' as const, config: { duration: 'P2D' } };
    expect(nodeSummary(app, wait, 'deal')).toEqual({ ru: '2 дня', en: '2 days' });
    expect(triggerSummary(app, { type: 'record', entity: 'deal', on: ['create', 'update'] }).ru).toBe('Сделка: создание, изменение');
    const withPipeline = { ...app, pipelines: [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'contract', label: { ru: 'Договор', en: 'Contract' } }] }] };
    expect(triggerSummary(withPipeline, { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'contract' })).toEqual({ ru: 'Сделка → Договор', en: 'Deal → Contract' });
  });

  it('names a start form’s answer by its question and its choice by its label', () => {
    const trigger = {
      type: 'manual' as const,
      entity: 'deal',
      inputs: [{ name: 'urgency', type: 'enum' as const, label: { ru: 'Срочность', en: 'Urgency' }, options: [{ value: 'urgent', label: { ru: 'Срочно', en: 'Urgent' } }] }],
    };
    const check = { id: 'c', type: 'condition' as const, config: { condition: { field: 'trigger.input.urgency', op: 'eq' as const, value: 'urgent' } } };
    const summary = nodeSummary(app, check, 'deal', trigger);
    expect(summary?.ru).toContain('Срочность');
    expect(summary?.ru).toContain('Срочно');
    expect(summary?.en).toContain('Urgency');
    expect(summary?.ru).not.toContain('trigger.input');
    // Without the trigger the path is shown as written.
    expect(nodeSummary(app, check, 'deal')?.en).toContain('input.urgency');
    // The trigger itself says the start asks something, and how much.
    expect(triggerSummary(app, trigger)).toEqual({ ru: 'Вручную: Сделка · 1 вопрос', en: 'Manual: Deal · 1 question' });
    const three = { ...trigger, inputs: [...trigger.inputs, { name: 'a', type: 'text' as const }, { name: 'b', type: 'text' as const }] };
    expect(triggerSummary(app, three)).toEqual({ ru: 'Вручную: Сделка · 3 вопроса', en: 'Manual: Deal · 3 questions' });
    expect(triggerSummary(app, { type: 'manual', entity: 'deal' })).toEqual({ ru: 'Вручную: Сделка', en: 'Manual: Deal' });
  });

  it('starts a node pointed at what the process has: the first number field, a routing role', () => {
    expect(defaultNodeConfig(app, process, 'condition')).toEqual({ condition: { field: 'amount', op: 'gt', value: 0 } });
    expect(defaultNodeConfig(app, process, 'assign')).toEqual({ strategy: 'role-least-loaded', role: 'senior_manager' });
    expect(defaultNodeConfig(app, process, 'end')).toBeUndefined();
  });
});

describe('default node configs', () => {
  it('are valid in shape for every node type, so a dropped step never hides the process\'s other problems', () => {
    const app = designerApp(bigDealProcess());
    const process = bigDealProcess();
    const invalid = Object.keys(NODE_TYPES).flatMap((type) => {
      if (!isNodeType(type)) return [type];
      const config = defaultNodeConfig(app, process, type);
      return validateNodeShape({ id: 'n1', type, ...(config === undefined ? {} : { config }) }) ? [] : [type];
    });
    expect(invalid).toEqual([]);
  });
});

function isNodeType(type: string): type is keyof typeof NODE_TYPES {
  return type in NODE_TYPES;
}
