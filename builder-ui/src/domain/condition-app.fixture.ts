import type { App, Process } from '@crm/schemas';

/*
 * The app the condition editor's tests run against: a deal with an amount, a stage from a pipeline,
 * a date, a flag, a manager and a company whose city a condition can reach (deal -> company -> city),
 * and a process whose condition node reads the record and an earlier step.
 */

export const conditionApp: App = {
  name: 'crm',
  settings: { timezone: 'Europe/Moscow' },
  entities: [
    {
      name: 'company',
      label: { ru: 'Компания', en: 'Company' },
      fields: [
        { name: 'name', type: 'text', label: { ru: 'Название', en: 'Name' } },
        { name: 'city', type: 'text', label: { ru: 'Город', en: 'City' } },
      ],
    },
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      fields: [
        { name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } },
        { name: 'amount', type: 'money', label: { ru: 'Сумма', en: 'Amount' } },
        { name: 'stage', type: 'enum', label: { ru: 'Этап', en: 'Stage' } },
        { name: 'close_date', type: 'date', label: { ru: 'Дата закрытия', en: 'Close date' } },
        { name: 'hot', type: 'boolean', label: { ru: 'Горячая', en: 'Hot' } },
        { name: 'manager', type: 'user', label: { ru: 'Менеджер', en: 'Manager' } },
        { name: 'priority', type: 'enum', label: { ru: 'Приоритет', en: 'Priority' }, options: [{ value: 'high', label: { ru: 'Высокий', en: 'High' }, color: '#d03050' }, { value: 'low', label: { ru: 'Низкий', en: 'Low' } }] },
        { name: 'company', type: 'relation', target: 'company', label: { ru: 'Компания', en: 'Company' } },
      ],
    },
  ],
  pipelines: [
    {
      name: 'sales',
      entity: 'deal',
      field: 'stage',
      label: { ru: 'Продажи', en: 'Sales' },
      stages: [
        { name: 'new', label: { ru: 'Новая', en: 'New' } },
        { name: 'negotiation', label: { ru: 'Переговоры', en: 'Negotiation' } },
        { name: 'won', label: { ru: 'Выиграна', en: 'Won' }, kind: 'won' },
      ],
    },
  ],
};

export const conditionProcess: Process = {
  name: 'big_deals',
  trigger: { type: 'record', entity: 'deal', on: ['create', 'update'] },
  nodes: [
    { id: 'score', type: 'script', config: { source: 'return { score: 1 };' } },
    { id: 'check', type: 'condition', config: { condition: { field: 'record.amount', op: 'gt', value: 100000 } } },
  ],
  edges: [
    { from: 'trigger', to: 'score' },
    { from: 'score', to: 'check' },
  ],
};
