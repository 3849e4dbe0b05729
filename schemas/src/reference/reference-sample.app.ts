import type { App } from '../../generated/definition.types.js';

/*
 * The small app the reference's examples run against, so output and payload types print with
 * real record types (`deal`, `company`, `contact`) instead of "any". Fixed here rather than read
 * from a template, so editing a template never changes the reference.
 */

export const REFERENCE_SAMPLE_APP: App = {
  name: 'reference_sample',
  settings: { timezone: 'Europe/Moscow' },
  entities: [
    {
      name: 'company',
      label: { ru: 'Компания', en: 'Company' },
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'phone', type: 'phone' },
        { name: 'contacts', type: 'relation', target: 'contact', cardinality: 'one-to-many', inverse: 'company' },
      ],
    },
    {
      name: 'contact',
      label: { ru: 'Контакт', en: 'Contact' },
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'email', type: 'email' },
        { name: 'birthday', type: 'date' },
        { name: 'company', type: 'relation', target: 'company' },
      ],
    },
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'amount', type: 'money' },
        { name: 'stage', type: 'enum', options: [{ value: 'new' }, { value: 'proposal' }, { value: 'won' }, { value: 'lost' }] },
        { name: 'company', type: 'relation', target: 'company' },
      ],
    },
  ],
  pipelines: [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new' }, { name: 'proposal' }, { name: 'won' }, { name: 'lost' }] }],
};
