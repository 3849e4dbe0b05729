import { describe, expect, it } from 'vitest';
import { canonicalJson, sameDocument } from './definition-document.rules.js';

describe('definition documents', () => {
  it('are the same whatever the order of their keys, at any depth', () => {
    expect(sameDocument({ name: 'crm', entities: [{ name: 'deal', fields: [] }] }, { entities: [{ fields: [], name: 'deal' }], name: 'crm' })).toBe(true);
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('leave undefined members out but keep null and the order of arrays', () => {
    expect(sameDocument({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameDocument({ a: null }, {})).toBe(false);
    expect(sameDocument([1, 2], [2, 1])).toBe(false);
  });
});
