import { describe, expect, it } from 'vitest';
import { russianPluralIndex } from './plural.rules.js';

describe('russianPluralIndex', () => {
  it.each([
    [1, 0], [21, 0], [101, 0], [1001, 0],
    [2, 1], [3, 1], [4, 1], [22, 1], [34, 1], [102, 1],
    [0, 2], [5, 2], [11, 2], [12, 2], [13, 2], [14, 2], [19, 2], [20, 2], [111, 2], [112, 2], [1000, 2],
  ])('%i takes form %i', (n, form) => {
    expect(russianPluralIndex(n, 3)).toBe(form);
  });

  it('never points past the forms a message has', () => {
    expect(russianPluralIndex(5, 2)).toBe(1);
  });
});
