import { describe, expect, it } from 'vitest';
import { definitionComponentName, definitionComponents } from './definition-schemas.mapping.js';

/*
 * The definition language's schemas as OpenAPI components: every reference must land on a
 * component of the bundle (a dangling one breaks every generated client), and tagged unions must
 * map their tag values, not component names.
 */

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') out.push(inner);
      else refsIn(inner, out);
    }
  }
  return out;
}

describe('definition schemas as components', () => {
  const components = definitionComponents();

  it('has the app, its parts and their $defs, and every reference resolves inside the bundle', () => {
    expect(Object.keys(components)).toEqual(expect.arrayContaining(['DefApp', 'DefEntity', 'DefField', 'DefCondition', 'DefProcess', 'DefCommon_Name']));
    const refs = refsIn(components);
    expect(refs.length).toBeGreaterThan(100);
    const dangling = refs.filter((ref) => !ref.startsWith('#/components/schemas/') || !(ref.slice('#/components/schemas/'.length) in components));
    expect(dangling).toEqual([]);
    expect(JSON.stringify(components)).not.toMatch(/"\$(id|schema|defs)"/);
  });

  it('maps a field type to its variant by the tag value', () => {
    const discriminator = components['DefField']?.['discriminator'];
    expect(discriminator).toMatchObject({ propertyName: 'type', mapping: { text: '#/components/schemas/DefField_TextField', money: '#/components/schemas/DefField_MoneyField' } });
  });

  it('keeps a property literally named "$ref" as a pattern property, not a reference', () => {
    const valueRef = components[definitionComponentName('process', 'ValueRef')];
    expect(valueRef?.['properties']).not.toHaveProperty('$ref');
    expect(valueRef?.['patternProperties']).toEqual({ '^\\$ref$': { type: 'string', minLength: 1 } });
    expect(valueRef?.['required']).toEqual(['$ref']);
  });
});
