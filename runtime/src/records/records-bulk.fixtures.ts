import type { App } from '@crm/schemas';

/*
 * The bulk action tests' app: deals in a sales pipeline (a proposal needs an amount), reps who
 * update their own deals and a lead who may do anything with every deal, owner changes included.
 */
export function bulkApp(): App {
  return {
    name: 'bulk_test',
    entities: [
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        display: 'title',
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'amount', type: 'money' },
          { name: 'stage', type: 'enum', options: [{ value: 'lead' }, { value: 'qualified' }, { value: 'proposal' }] },
        ],
      },
    ],
    pipelines: [
      {
        name: 'sales',
        entity: 'deal',
        field: 'stage',
        stages: [
          { name: 'lead', label: { en: 'Lead', ru: 'Лид' }, kind: 'open', transitions: ['qualified'] },
          { name: 'qualified', label: { en: 'Qualified', ru: 'Квалификация' }, kind: 'open', transitions: ['lead', 'proposal'] },
          { name: 'proposal', label: { en: 'Proposal', ru: 'Предложение' }, kind: 'open', requiredFields: ['amount'], transitions: ['qualified'] },
        ],
      },
    ],
    roles: [
      { name: 'rep', entities: { deal: { create: 'all', read: 'own', update: 'own', delete: 'none' } } },
      { name: 'lead', entities: { deal: { create: 'all', read: 'all', update: 'all', delete: 'all', changeOwner: true } } },
    ],
  };
}
