import { describe, expect, it } from 'vitest';
import { etagOf, parseIfMatch } from './if-match.parser.js';

describe('If-Match', () => {
  it('accepts 3, "3" and W/"3" as version 3, and lists of them', () => {
    expect(parseIfMatch('3')).toEqual([3]);
    expect(parseIfMatch('"3"')).toEqual([3]);
    expect(parseIfMatch('W/"3"')).toEqual([3]);
    expect(parseIfMatch(' "3", W/"4" ')).toEqual([3, 4]);
    expect(parseIfMatch(etagOf(12))).toEqual([12]);
  });

  it('sets no condition when absent or *', () => {
    expect(parseIfMatch(undefined)).toBeNull();
    expect(parseIfMatch('*')).toBeNull();
    expect(parseIfMatch('')).toBeNull();
  });

  it('refuses anything else with 400', () => {
    for (const bad of ['v3', '"abc"', '3.5', '-1', 'W/3x']) {
      expect(() => parseIfMatch(bad), bad).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
