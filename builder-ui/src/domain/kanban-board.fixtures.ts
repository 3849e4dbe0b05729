import type { App } from '@crm/schemas';

/** A small app with one pipeline (the b2b-sales shape) for the kanban's specs. */
export const KANBAN_APP: App = {
  name: 'kanban_test',
  entities: [
    {
      name: 'deal',
      label: { en: 'Deal', ru: 'Сделка' },
      display: 'title',
      fields: [
        { name: 'title', type: 'text', label: { en: 'Title', ru: 'Название' } },
        { name: 'amount', type: 'money', label: { en: 'Amount', ru: 'Сумма' } },
        { name: 'stage', type: 'enum', label: { en: 'Stage', ru: 'Этап' } },
        { name: 'close_date', type: 'date', label: { en: 'Close date', ru: 'Дата закрытия' } },
        { name: 'lost_reason', type: 'text', label: { en: 'Lost reason', ru: 'Причина проигрыша' } },
      ],
    },
  ],
  pipelines: [
    {
      name: 'sales',
      label: { en: 'Sales', ru: 'Продажи' },
      entity: 'deal',
      field: 'stage',
      stages: [
        { name: 'lead', label: { en: 'Lead', ru: 'Лид' }, probability: 10, kind: 'open', color: '#9e9e9e', transitions: ['proposal', 'lost'] },
        { name: 'proposal', label: { en: 'Proposal', ru: 'Предложение' }, probability: 50, kind: 'open', requiredFields: ['amount'], transitions: ['lead', 'contract', 'lost'] },
        { name: 'contract', label: { en: 'Contract', ru: 'Договор' }, probability: 75, kind: 'open', requiredFields: ['close_date'] },
        { name: 'won', label: { en: 'Won', ru: 'Успешно' }, kind: 'won', transitions: [] },
        { name: 'lost', label: { en: 'Lost', ru: 'Проиграна' }, kind: 'lost', requiredFields: ['lost_reason'] },
      ],
    },
  ],
  processes: [
    { name: 'contract_task', label: { en: 'Contract task', ru: 'Задача по договору' }, mode: 'after-save', trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'contract' }, nodes: [{ id: 'done', type: 'end' }], edges: [] },
    {
      name: 'lost_review',
      mode: 'after-save',
      trigger: { type: 'record', entity: 'deal', on: ['update'], condition: { and: [{ field: 'stage', op: 'changedTo', value: 'lost' }] } },
      nodes: [{ id: 'done', type: 'end' }],
      edges: [],
    },
    { name: 'switched_off', enabled: false, trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'contract' }, nodes: [{ id: 'done', type: 'end' }], edges: [] },
  ],
};
