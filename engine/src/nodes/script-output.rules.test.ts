import { describe, expect, it } from 'vitest';
import { findUnstorable, storableText } from './script-output.rules.js';

describe('script output the database cannot store', () => {
  it('finds a NUL character and names its path', () => {
    expect(findUnstorable({ notes: ['ok', 'a\u0000b'] })).toEqual({ path: 'output.notes[1]', reason: 'holds a NUL character (\\u0000)' });
    expect(findUnstorable('x\u0000')?.path).toBe('output');
  });

  it('finds a NUL or lone surrogate in a key, quoting an odd key', () => {
    expect(findUnstorable({ 'a\u0000': 1 })?.path).toBe('output["a\\u0000"]');
    expect(findUnstorable({ deep: { 'two words': '\uD800' } })).toEqual({ path: 'output.deep["two words"]', reason: 'holds an unpaired UTF-16 surrogate' });
  });

  it('accepts what jsonb stores, paired surrogates (emoji) included', () => {
    expect(findUnstorable({ text: 'Привет 😀', list: [1, true, null, { x: 'y' }] })).toBeNull();
  });

  it('escapes NUL and lone surrogates in log text, and keeps emoji', () => {
    expect(storableText('a\u0000b \uDC00 😀')).toBe('a\\u0000b \\udc00 😀');
    expect(storableText('plain')).toBe('plain');
  });
});
