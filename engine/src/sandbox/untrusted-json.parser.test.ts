import { describe, expect, it } from 'vitest';
import { jsonNestingDepth, parseUntrustedJson } from './untrusted-json.parser.js';

const LIMITS = { maxBytes: 1000, maxDepth: 3 };

describe('parseUntrustedJson', () => {
  it('counts nesting depth outside strings only, escaped quotes included', () => {
    // ACT / ASSERT
    expect(jsonNestingDepth('1')).toBe(0);
    expect(jsonNestingDepth('[[{"a":[]}]]')).toBe(4);
    expect(jsonNestingDepth('["[[[[", "\\"[[[", {"k": "]]]"}]')).toBe(2);
  });

  it('parses plain JSON into a fresh copy', () => {
    // ACT
    const result = parseUntrustedJson('{"a":[1,"x",true,null],"b":{"c":2.5}}', LIMITS);

    // ASSERT
    expect(result).toEqual({ ok: true, value: { a: [1, 'x', true, null], b: { c: 2.5 } } });
  });

  it('drops __proto__ keys at every level so they cannot become prototypes later', () => {
    // ACT
    const result = parseUntrustedJson('{"__proto__":{"isAdmin":true},"a":{"__proto__":{"x":1},"b":1}}', LIMITS);

    // ASSERT
    if (!result.ok || typeof result.value !== 'object' || result.value === null) throw new Error('expected an object');
    expect(result.value).toEqual({ a: { b: 1 } });
    const merged: object = Object.assign({}, result.value);
    expect(Reflect.get(merged, 'isAdmin')).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('refuses too many bytes, counted as UTF-8, before parsing', () => {
    // ACT
    const result = parseUntrustedJson(`"${'я'.repeat(600)}"`, LIMITS);

    // ASSERT
    expect(result).toEqual({ ok: false, reason: 'too-large', message: '1202 bytes of JSON, over the limit of 1000' });
  });

  it('refuses nesting over the limit before building anything', () => {
    // ACT
    const result = parseUntrustedJson('[[[["deep"]]]]', LIMITS);

    // ASSERT
    expect(result).toEqual({ ok: false, reason: 'too-deep', message: 'JSON nested 4 levels deep, over the limit of 3' });
  });

  it('refuses text that is not JSON', () => {
    // ACT
    const result = parseUntrustedJson('{"a":', LIMITS);

    // ASSERT
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
