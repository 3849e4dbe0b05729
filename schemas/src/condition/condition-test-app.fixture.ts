import type { App } from '../../generated/definition.types.js';

/*
 * The small app the condition unit tests run against: a deal with a field of every comparable type
 * and a many-to-one path deal.company -> company.parent -> company.
 */

export const USER_ID = '11111111-1111-4111-8111-111111111111';
export const OTHER_USER_ID = '22222222-2222-4222-8222-222222222222';
export const COMPANY_ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

export function conditionTestApp(): App {
  return {
    name: 'cond_test',
    settings: { timezone: 'Europe/Moscow' },
    entities: [
      {
        name: 'company',
        label: { en: 'Company' },
        fields: [
          { name: 'name', type: 'text' },
          { name: 'city', type: 'text' },
          { name: 'size', type: 'integer' },
          { name: 'parent', type: 'relation', target: 'company' },
          { name: 'secret_notes', type: 'text' },
        ],
      },
      {
        name: 'deal',
        label: { en: 'Deal' },
        fields: [
          { name: 'title', type: 'text' },
          { name: 'notes', type: 'longtext' },
          { name: 'qty', type: 'integer' },
          { name: 'score', type: 'number' },
          { name: 'amount', type: 'money' },
          { name: 'probability', type: 'percent' },
          { name: 'hot', type: 'boolean' },
          { name: 'close_date', type: 'date' },
          { name: 'due_at', type: 'datetime' },
          { name: 'stage', type: 'enum', options: [{ value: 'new' }, { value: 'won' }, { value: 'lost' }] },
          { name: 'phase', type: 'enum' },
          { name: 'region', type: 'enum' },
          { name: 'tags', type: 'multienum', options: [{ value: 'vip' }, { value: 'partner' }, { value: 'urgent' }] },
          { name: 'email', type: 'email' },
          { name: 'phone', type: 'phone' },
          { name: 'site', type: 'url' },
          { name: 'manager', type: 'user' },
          { name: 'company', type: 'relation', target: 'company' },
          { name: 'partners', type: 'relation', target: 'company', cardinality: 'many-to-many' },
          { name: 'contract', type: 'file' },
          { name: 'weighted', type: 'formula', expression: 'amount * probability / 100' },
          { name: 'summary', type: 'formula', expression: 'title', resultType: 'text' },
        ],
      },
    ],
    pipelines: [
      { name: 'sales', entity: 'deal', field: 'phase', stages: [{ name: 'lead' }, { name: 'negotiation' }, { name: 'closed' }] },
    ],
  };
}
