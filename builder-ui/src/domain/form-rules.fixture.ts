import type { App } from '@crm/schemas';

/** A deal with the b2b template's form rules: lost_reason shown and required only when the deal is lost. */
export function dealFormApp(): App {
  return {
    name: 'crm',
    settings: { timezone: 'Europe/Moscow' },
    entities: [
      { name: 'company', label: { en: 'Company', ru: 'Компания' }, display: 'name', fields: [{ name: 'name', type: 'text', required: true }] },
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        display: 'title',
        fields: [
          { name: 'title', type: 'text', required: true, label: { en: 'Title', ru: 'Название' } },
          { name: 'amount', type: 'money', required: true, min: 0, label: { en: 'Amount', ru: 'Сумма' } },
          { name: 'discount', type: 'percent', label: { en: 'Discount', ru: 'Скидка' } },
          { name: 'stage', type: 'enum', label: { en: 'Stage', ru: 'Этап' } },
          { name: 'company', type: 'relation', target: 'company', label: { en: 'Company', ru: 'Компания' } },
          { name: 'email', type: 'email', label: { en: 'E-mail', ru: 'Почта' } },
          { name: 'lost_reason', type: 'text', label: { en: 'Lost reason', ru: 'Причина проигрыша' } },
          { name: 'weighted', type: 'formula', expression: 'amount', label: { en: 'Weighted', ru: 'Взвешенная сумма' } },
        ],
      },
    ],
    pipelines: [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new', label: { en: 'New', ru: 'Новая' } }, { name: 'lost', kind: 'lost', label: { en: 'Lost', ru: 'Проиграна' } }] }],
    forms: [
      {
        name: 'deal_form',
        entity: 'deal',
        sections: [
          { label: { en: 'Main', ru: 'Основное' }, columns: 2, fields: [{ field: 'title', span: 2 }, { field: 'amount' }, { field: 'discount' }, { field: 'stage' }, { field: 'company' }, { field: 'email' }, { field: 'weighted' }] },
          { label: { en: 'Details', ru: 'Подробности' }, columns: 1, fields: [{ field: 'lost_reason', visibleWhen: { field: 'stage', op: 'eq', value: 'lost' }, requiredWhen: { field: 'stage', op: 'eq', value: 'lost' } }] },
        ],
      },
    ],
  };
}
