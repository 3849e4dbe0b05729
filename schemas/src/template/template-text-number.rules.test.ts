import { describe, expect, it } from 'vitest';
import { formatDocumentNumber, numberFormatProblem, numberingPeriod, numberingSequence } from './template-text-number.rules.js';

describe('numberFormatProblem', () => {
  it.each([
    ['СЧ-{yyyy}-{n:0000}', null],
    ['{n}', null],
    ['Д/{yy}{mm}/{n:00}', null],
    ['', 'REQUIRED'],
    ['   ', 'REQUIRED'],
    ['СЧ-{yyyy}', 'NO_COUNTER'],
    ['{n}-{n:00}', 'TWO_COUNTERS'],
    ['{n}-{dd}', 'UNKNOWN_TOKEN'],
    ['{n:00x}', 'UNKNOWN_TOKEN'],
    ['{n', 'UNKNOWN_TOKEN'],
    ['{n}}', 'UNKNOWN_TOKEN'],
    [`${'x'.repeat(100)}{n}`, 'TOO_LONG'],
  ])('%s → %s', (format, problem) => {
    expect(numberFormatProblem(format)).toBe(problem);
  });
});

describe('formatDocumentNumber', () => {
  it('pads the counter to the zeros given and prints the year and month', () => {
    expect(formatDocumentNumber('СЧ-{yyyy}-{n:0000}', 7, { year: 2026, month: 12 })).toBe('СЧ-2026-0007');
    expect(formatDocumentNumber('{yy}{mm}/{n}', 12345, { year: 2007, month: 3 })).toBe('0703/12345');
    expect(formatDocumentNumber('N{n:00}', 123, { year: 2026, month: 1 })).toBe('N123');
  });
});

describe('numbering sequence and period', () => {
  it('shares a named sequence and starts a yearly counter per year', () => {
    expect(numberingSequence({ format: '{n}' }, 'deal_invoice')).toBe('deal_invoice');
    expect(numberingSequence({ format: '{n}', sequence: 'invoice' }, 'deal_invoice_en')).toBe('invoice');
    expect(numberingPeriod({ format: '{n}' }, { year: 2026, month: 5 })).toBe('');
    expect(numberingPeriod({ format: '{n}', reset: 'yearly' }, { year: 2026, month: 5 })).toBe('2026');
  });
});
