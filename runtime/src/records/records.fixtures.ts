import type { App } from '@crm/schemas';

/*
 * A small CRM for the records tests: companies, contacts, tags and deals with a money amount, a
 * formula, a pipeline with stage rules, relations of every cardinality, a phone, an email and
 * unique fields.
 */
export function recordsTestApp(): App {
  return {
    name: 'records_test',
    settings: { timezone: 'Europe/Moscow' },
    entities: [
      {
        name: 'company',
        label: { en: 'Company', ru: 'Компания' },
        fields: [
          { name: 'name', type: 'text', required: true, unique: true },
          { name: 'city', type: 'text' },
          { name: 'segments', type: 'multienum', options: [{ value: 'smb' }, { value: 'enterprise' }, { value: 'public' }] },
          { name: 'logo', type: 'file' },
          { name: 'founded_at', type: 'datetime' },
          { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'company' },
        ],
        display: 'name',
        search: ['name', 'city'],
      },
      {
        name: 'contact',
        label: { en: 'Contact', ru: 'Контакт' },
        fields: [
          { name: 'full_name', type: 'text', required: true },
          { name: 'phone', type: 'phone', unique: true },
          { name: 'email', type: 'email' },
          { name: 'company', type: 'relation', target: 'company' },
        ],
        display: 'full_name',
      },
      {
        name: 'tag',
        label: { en: 'Tag', ru: 'Метка' },
        fields: [{ name: 'name', type: 'text', required: true }],
        display: 'name',
      },
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'amount', type: 'money' },
          { name: 'probability', type: 'percent', default: 10 },
          { name: 'weighted', type: 'formula', expression: 'amount * probability / 100', resultType: 'number' },
          { name: 'stage', type: 'enum' },
          { name: 'company', type: 'relation', target: 'company' },
          { name: 'contact', type: 'relation', target: 'contact' },
          { name: 'manager', type: 'user', default: '$user' },
          { name: 'tags', type: 'relation', target: 'tag', cardinality: 'many-to-many' },
          { name: 'opened_on', type: 'date', default: '$today' },
          { name: 'close_date', type: 'date' },
          { name: 'code', type: 'text', unique: true },
        ],
        display: 'title',
        search: ['title'],
      },
    ],
    pipelines: [
      {
        name: 'sales',
        entity: 'deal',
        field: 'stage',
        stages: [
          { name: 'new', probability: 10, transitions: ['qualified', 'lost'] },
          { name: 'qualified', probability: 30, requiredFields: ['amount'], transitions: ['proposal', 'lost'] },
          { name: 'proposal', probability: 60, transitions: ['won', 'lost'] },
          { name: 'won', probability: 100, kind: 'won', requiredFields: ['close_date'] },
          { name: 'lost', probability: 0, kind: 'lost' },
        ],
      },
    ],
  };
}
