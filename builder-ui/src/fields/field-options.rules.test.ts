import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { definitionEnumOptions, displayFieldOf } from './field-options.rules.js';

const definition: Pick<App, 'entities' | 'pipelines' | 'settings'> = {
  entities: [
    { name: 'company', label: { en: 'Company' }, display: 'legal_name', fields: [{ name: 'legal_name', type: 'text' }] },
    { name: 'contact', label: { en: 'Contact' }, fields: [{ name: 'age', type: 'integer' }, { name: 'full_name', type: 'text' }] },
  ],
  pipelines: [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new', label: { en: 'New' }, color: '#123456' }, { name: 'won' }] }],
};

describe('definitionEnumOptions', () => {
  it('offers the pipeline\u2019s stages, in order and with colours, for the field that holds them', () => {
    expect(definitionEnumOptions(definition, 'deal', { name: 'stage', type: 'enum' })).toEqual([
      { value: 'new', label: { en: 'New' }, color: '#123456' },
      { value: 'won', label: undefined },
    ]);
  });

  it('offers the field\u2019s own options elsewhere, and nothing for other types', () => {
    const source = { name: 'source', type: 'enum' as const, options: [{ value: 'web' }] };
    expect(definitionEnumOptions(definition, 'deal', source)).toEqual([{ value: 'web' }]);
    expect(definitionEnumOptions(null, undefined, source)).toEqual([{ value: 'web' }]);
    expect(definitionEnumOptions(definition, 'deal', { name: 'x', type: 'text' })).toEqual([]);
  });
});

describe('displayFieldOf', () => {
  it('is the entity\u2019s display field, else its first text field', () => {
    expect(displayFieldOf(definition, 'company')).toBe('legal_name');
    expect(displayFieldOf(definition, 'contact')).toBe('full_name');
    expect(displayFieldOf(definition, 'nothing')).toBeUndefined();
  });
});
