import type { App } from '@crm/schemas';

/*
 * An app for the access tests: deals with hidden fields (margin, and the formula margin_amount that reads it; internal, a search field), a read-only
 * field (region for reps and analysts), a hidden relation (partner), a relation to companies (whose
 * `secret`, a search field, reps and analysts do not see), and roles of every kind: record-scoped
 * (rep), field-restricted (analyst), no access (outsider), team with a sharing rule (lead),
 * subtree (boss), a sharing rule with `in: []` (nobody_in) and an admin role (superuser).
 */
export function accessTestApp(): App {
  return {
    name: 'access_test',
    settings: { timezone: 'Europe/Moscow' },
    entities: [
      {
        name: 'company',
        label: { en: 'Company', ru: 'Компания' },
        display: 'name',
        search: ['name', 'secret'],
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'secret', type: 'text' },
          { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'company' },
        ],
      },
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        display: 'title',
        search: ['title', 'notes', 'internal'],
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'amount', type: 'money' },
          { name: 'margin', type: 'percent' },
          { name: 'margin_amount', type: 'formula', expression: 'amount * margin / 100', resultType: 'number' },
          { name: 'region', type: 'text' },
          { name: 'notes', type: 'longtext' },
          { name: 'internal', type: 'text' },
          { name: 'company', type: 'relation', target: 'company' },
          { name: 'partner', type: 'relation', target: 'company' },
        ],
      },
    ],
    roles: [
      {
        name: 'rep',
        entities: {
          deal: { create: 'all', read: 'own', update: 'own', delete: 'none' },
          company: { create: 'none', read: 'own', update: 'none', delete: 'none' },
        },
        fields: { deal: { margin: 'hidden', region: 'read', notes: 'write', partner: 'hidden', internal: 'hidden' }, company: { secret: 'hidden' } },
      },
      {
        name: 'analyst',
        entities: {
          deal: { create: 'all', read: 'all', update: 'all', delete: 'none' },
          company: { create: 'none', read: 'all', update: 'none', delete: 'none' },
        },
        fields: { deal: { margin: 'hidden', region: 'read', partner: 'hidden', internal: 'hidden' }, company: { secret: 'hidden' } },
      },
      { name: 'outsider', entities: { company: { read: 'none' } } },
      {
        name: 'lead',
        entities: {
          deal: { create: 'all', read: 'team', update: 'team', delete: 'own', changeOwner: true },
          company: { create: 'all', read: 'all', update: 'all', delete: 'none' },
        },
        fields: { deal: { margin: 'read' } },
        sharing: [{ name: 'by_region', entity: 'deal', access: ['read'], condition: { field: 'region', op: 'eq', value: '$user.region' } }],
      },
      {
        name: 'boss',
        entities: { deal: { create: 'all', read: 'subtree', update: 'subtree', delete: 'subtree', changeOwner: true } },
      },
      {
        name: 'nobody_in',
        entities: { deal: { read: 'own' } },
        sharing: [{ name: 'empty_list', entity: 'deal', access: ['read', 'update'], condition: { field: 'region', op: 'in', value: [] } }],
      },
      { name: 'superuser', admin: true },
    ],
  };
}
