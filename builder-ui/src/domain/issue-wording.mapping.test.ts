import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { humanIssueMessage } from './issue-wording.mapping.js';

const app: App = {
  name: 'crm',
  entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'amount', type: 'money' }] }],
  processes: [
    {
      name: 'krupnye_sdelki',
      label: { ru: 'Крупные сделки', en: 'Big deals' },
      trigger: { type: 'record', entity: 'deal', on: ['create'] },
      nodes: [
        { id: 'condition_1', type: 'condition', config: { condition: { field: 'amount', op: 'gt', value: 100000 } } },
        { id: 'vip', type: 'assign', label: { ru: 'Отдать старшему', en: 'To a senior' }, config: { strategy: 'role-least-loaded', role: 'senior' } },
      ],
      edges: [],
    },
  ],
};

describe('issue messages in the names the builder shows', () => {
  it('names the step by its title, the process by its label and the branch by its word', () => {
    const message = humanIssueMessage(app, {
      process: 'krupnye_sdelki',
      nodeId: 'condition_1',
      message: { ru: 'Выход «false» узла «condition_1» процесса «krupnye_sdelki» ни с чем не связан', en: 'Output "false" of node "condition_1" of process "krupnye_sdelki" is not connected' },
    });
    expect(message).toEqual({ ru: 'Выход «нет» узла «Условие» процесса «Крупные сделки» ни с чем не связан', en: 'Output "no" of node "Condition" of process "Big deals" is not connected' });
  });

  it('prefers the step\'s own label and leaves names it does not know, and messages of other things, as they are', () => {
    expect(humanIssueMessage(app, { process: 'krupnye_sdelki', nodeId: 'vip', message: { ru: 'Узел «vip»: роль «senior» не найдена', en: 'Node "vip": role "senior" is unknown' } })).toEqual({
      ru: 'Узел «Отдать старшему»: роль «senior» не найдена',
      en: 'Node "To a senior": role "senior" is unknown',
    });
    const plain = { ru: 'Поле «amount» повторяется', en: 'Field "amount" is repeated' };
    expect(humanIssueMessage(app, { message: plain })).toBe(plain);
  });
});
