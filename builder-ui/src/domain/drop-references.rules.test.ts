import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { dropReferences } from './drop-references.rules.js';

const app: App = {
  name: 'crm',
  entities: [
    {
      name: 'deal',
      label: { en: 'Deal' },
      fields: [
        { name: 'title', type: 'text' },
        { name: 'stage', type: 'enum', options: [{ value: 'new' }] },
        { name: 'weighted', type: 'formula', expression: 'amount * 2' },
        { name: 'company', type: 'relation', target: 'company' },
      ],
    },
    { name: 'company', label: { en: 'Company' }, fields: [{ name: 'name', type: 'text' }] },
  ],
  pipelines: [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new', label: { en: 'New' }, requiredFields: ['amount'] }] }],
  views: [
    { name: 'deals', entity: 'deal', columns: ['title', 'amount'] },
    { name: 'big', entity: 'deal', filter: { field: 'amount', op: 'gt', value: 5 } },
    { name: 'companies', entity: 'company', columns: ['name'] },
  ],
  forms: [{ name: 'deal_form', entity: 'deal', sections: [{ fields: [{ field: 'amount' }] }] }],
  roles: [{ name: 'sales', entities: { company: { read: 'all' } } }],
  processes: [
    {
      name: 'big_deal',
      trigger: { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'amount', op: 'gt', value: 1 } },
      nodes: [
        { id: 'calc', type: 'script', config: { source: 'return { bonus: record.amount * 0.1 };' } },
        { id: 'tag', type: 'update_record', config: { values: { title: 'Big' } } },
      ],
      edges: [{ from: 'calc', to: 'tag' }],
    },
  ],
};

describe('what names a dropped field or entity', () => {
  it('lists views, forms, pipelines, formulas, the process trigger and the script that use a field', () => {
    const refs = dropReferences(app, { entity: 'deal', field: 'amount' }).map((r) => [r.kind, r.name, r.pointer]);
    expect(refs).toEqual([
      ['view', 'deals', '/views/0'],
      ['view', 'big', '/views/1'],
      ['form', 'deal_form', '/forms/0'],
      ['pipeline', 'sales', '/pipelines/0'],
      ['formula', 'deal.weighted', '/entities/0/fields/2'],
      ['process', 'big_deal', '/processes/0/trigger'],
      ['script', 'big_deal', '/processes/0/nodes/0'],
    ]);
  });

  it('finds a field named in a values map and nothing for an unused field', () => {
    expect(dropReferences(app, { entity: 'deal', field: 'title' }).map((r) => [r.kind, r.nodeId])).toEqual([
      ['view', undefined],
      ['process', 'tag'],
    ]);
    expect(dropReferences(app, { entity: 'company', field: 'title' })).toEqual([]);
  });

  it('lists what uses an entity: views, roles, relations on other entities', () => {
    expect(dropReferences(app, { entity: 'company' }).map((r) => [r.kind, r.name])).toEqual([
      ['view', 'companies'],
      ['role', 'sales'],
      ['relation', 'deal.company'],
    ]);
  });
});
