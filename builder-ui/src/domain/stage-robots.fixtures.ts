import type { App } from '@crm/schemas';

/*
 * A small app for the pipeline editor's specs: deals whose stage field lists its options (so the
 * options must follow the stages), a date field to wait for, a sales role to assign to.
 */
export function pipelineApp(): App {
  return {
    name: 'sales',
    entities: [
      {
        name: 'deal',
        label: { ru: 'Сделка', en: 'Deal' },
        fields: [
          { name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'text', required: true },
          { name: 'amount', label: { ru: 'Сумма', en: 'Amount' }, type: 'money' },
          { name: 'close_date', label: { ru: 'Дата закрытия', en: 'Close date' }, type: 'date' },
          { name: 'priority', label: { ru: 'Приоритет', en: 'Priority' }, type: 'enum', options: [{ value: 'low' }, { value: 'high' }] },
          {
            name: 'stage',
            label: { ru: 'Этап', en: 'Stage' },
            type: 'enum',
            options: [
              { value: 'new', label: { ru: 'Новая', en: 'New' } },
              { value: 'won', label: { ru: 'Успешно', en: 'Won' } },
              { value: 'lost', label: { ru: 'Проиграна', en: 'Lost' } },
            ],
          },
        ],
        display: 'title',
      },
    ],
    pipelines: [
      {
        name: 'sales',
        label: { ru: 'Продажи', en: 'Sales' },
        entity: 'deal',
        field: 'stage',
        stages: [
          { name: 'new', label: { ru: 'Новая', en: 'New' }, probability: 10, kind: 'open', transitions: ['won', 'lost'] },
          { name: 'won', label: { ru: 'Успешно', en: 'Won' }, probability: 100, kind: 'won' },
          { name: 'lost', label: { ru: 'Проиграна', en: 'Lost' }, probability: 0, kind: 'lost', transitions: ['new'] },
        ],
      },
    ],
    roles: [
      { name: 'admin', admin: true },
      { name: 'sales_rep', label: { ru: 'Менеджер', en: 'Sales rep' } },
    ],
  };
}
