import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { diffDefinitions } from './definition-diff.mapping.js';

const v1: App = {
  name: 'crm',
  entities: [
    {
      id: 'ent_1',
      name: 'deal',
      label: { en: 'Deal' },
      fields: [
        { id: 'fld_1', name: 'title', type: 'text' },
        { id: 'fld_2', name: 'amount', type: 'money' },
        { id: 'fld_3', name: 'note', type: 'text' },
      ],
    },
  ],
  processes: [{ name: 'greet', trigger: { type: 'manual' }, nodes: [{ id: 'end', type: 'end' }], edges: [] }],
};

describe('differences between two versions', () => {
  it('says everything was added when nothing was published before', () => {
    expect(diffDefinitions(null, v1).map((d) => [d.part, d.change, d.name])).toEqual([
      ['entity', 'added', 'deal'],
      ['process', 'added', 'greet'],
    ]);
  });

  it('reads a rename by stable id as a rename, and lists changed settings, removals and additions', () => {
    const v2: App = {
      name: 'crm',
      entities: [
        {
          id: 'ent_1',
          name: 'deal',
          label: { en: 'Deal' },
          fields: [
            { id: 'fld_1', name: 'title', type: 'text', required: true },
            { id: 'fld_2', name: 'summa', type: 'money' },
            { name: 'stage', type: 'enum', options: [{ value: 'new' }] },
          ],
        },
        { name: 'company', label: { en: 'Company' }, fields: [{ name: 'name', type: 'text' }] },
      ],
    };
    expect(diffDefinitions(v1, v2).map((d) => [d.part, d.change, d.name, d.from ?? d.keys?.join(',') ?? ''])).toEqual([
      ['entity', 'added', 'company', ''],
      ['field', 'changed', 'title', 'required'],
      ['field', 'renamed', 'summa', 'amount'],
      ['field', 'added', 'stage', ''],
      ['field', 'removed', 'note', ''],
      ['process', 'removed', 'greet', ''],
    ]);
  });

  it('finds no difference between a version and itself', () => {
    expect(diffDefinitions(v1, v1)).toEqual([]);
  });
});
