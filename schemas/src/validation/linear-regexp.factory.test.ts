import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { linearPattern, linearRegExp, MAX_PATTERN_INPUT, patternProblem } from './linear-regexp.factory.js';

describe('linear-time patterns', () => {
  it('the catastrophic pattern ^(a+)+$ answers within 200 ms on a long input (a backtracking engine takes seconds at 30 characters)', () => {
    // ARRANGE
    const pattern = linearPattern('^(a+)+$');
    const input = `${'a'.repeat(MAX_PATTERN_INPUT - 1)}!`;

    // ACT
    const started = performance.now();
    const matched = pattern.test(input);
    const short = pattern.test(`${'a'.repeat(30)}!`);
    const elapsed = performance.now() - started;

    // ASSERT
    expect(matched).toBe(false);
    expect(short).toBe(false);
    expect(pattern.test('aaaa')).toBe(true);
    expect(elapsed).toBeLessThan(200);
  });

  it('searches anywhere in the value, as JSON Schema patterns do, and reads JavaScript syntax', () => {
    expect(linearPattern('\\d{3}').test('ab123cd')).toBe(true);
    expect(linearPattern('^\\u0041\\p{L}+$').test('Abc')).toBe(true);
    expect(linearPattern('^(?<code>[A-Z]{3})$').test('RUB')).toBe(true);
    expect(linearPattern('^[^/]+\\/x$').test('a/x')).toBe(true);
  });

  it('a value longer than the cap does not match', () => {
    expect(linearPattern('a').test('a'.repeat(MAX_PATTERN_INPUT + 1))).toBe(false);
  });

  it('names what it cannot compile: lookaround and backreferences', () => {
    expect(patternProblem('^(?=a)a')).toMatch(/unsupported|invalid/);
    expect(patternProblem('(?<!a)b')).toBeDefined();
    expect(patternProblem('(a)\\1')).toBeDefined();
    expect(patternProblem('^[a-z]+$')).toBeUndefined();
  });

  it('works as Ajv code.regExp, distinct patterns kept apart in its cache', () => {
    // ARRANGE
    const ajv = new Ajv2020({ code: { regExp: linearRegExp } });
    const validate = ajv.compile({
      type: 'object',
      properties: { a: { type: 'string', pattern: '^a+$' }, b: { type: 'string', pattern: '^b+$' }, slow: { type: 'string', pattern: '^(a+)+$' } },
    });

    // ACT
    const started = performance.now();
    const slow = validate({ slow: `${'a'.repeat(5000)}!` });
    const elapsed = performance.now() - started;

    // ASSERT
    expect(validate({ a: 'aaa', b: 'bbb' })).toBe(true);
    expect(validate({ a: 'bbb' })).toBe(false);
    expect(validate({ b: 'aaa' })).toBe(false);
    expect(slow).toBe(false);
    expect(elapsed).toBeLessThan(200);
  });

  it('in Ajv, a pattern RE2 cannot compile (published before publish refused it) matches nothing instead of throwing', () => {
    const ajv = new Ajv2020({ code: { regExp: linearRegExp } });
    const validate = ajv.compile({ type: 'string', pattern: '^(?=a)a' });
    expect(validate('a')).toBe(false);
  });
});
