import { describe, expect, it } from 'vitest';
import { formatNumberText, parseNumberText } from './number-text.rules.js';

describe('number text', () => {
  it('groups thousands as each language writes them', () => {
    expect(formatNumberText(150000, 'ru-RU').replace(/\s/g, ' ')).toBe('150 000');
    expect(formatNumberText(150000.5, 'en-GB', 2)).toBe('150,000.5');
    expect(formatNumberText(null, 'ru-RU')).toBe('');
  });

  it('reads what people type back, in either language', () => {
    expect(parseNumberText('150 000,50', 'ru-RU')).toBe(150000.5);
    expect(parseNumberText('150\u00a0000', 'ru-RU')).toBe(150000);
    expect(parseNumberText('150,000.5', 'en-GB')).toBe(150000.5);
    expect(parseNumberText('', 'ru-RU')).toBeNull();
    expect(parseNumberText('-', 'en-GB')).toBeNull();
    expect(parseNumberText('abc', 'en-GB')).toBeNull();
  });
});
