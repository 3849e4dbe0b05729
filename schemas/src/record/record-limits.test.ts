import { describe, expect, it } from 'vitest';
import { entityNamed, fullApp } from '../testing/full-app.fixture.js';
import { getRecordValidator } from './record.validator.js';
import type { RecordValidationResult } from './record-schema.types.js';

function codesOf(result: RecordValidationResult): Array<[string, string]> {
  return result.ok ? [] : result.errors.map((e) => [e.field, e.code]);
}

describe('record values stay within what the database stores and JavaScript reads back', () => {
  const app = fullApp();
  const company = entityNamed(app, 'company');
  company.fields.push({ name: 'code', type: 'text', pattern: '^(a+)+$' });
  const update = getRecordValidator(app, 'deal', 'update');
  const updateCompany = getRecordValidator(app, 'company', 'update');

  it('a field pattern ^(a+)+$ checks a long value within 200 ms', () => {
    // ACT
    const started = performance.now();
    const long = updateCompany({ code: `${'a'.repeat(9_000)}!` });
    const short = updateCompany({ code: `${'a'.repeat(30)}!` });
    const elapsed = performance.now() - started;

    // ASSERT
    expect(codesOf(long)).toEqual([['code', 'INVALID_VALUE']]);
    expect(codesOf(short)).toEqual([['code', 'INVALID_VALUE']]);
    expect(updateCompany({ code: 'aaa' }).ok).toBe(true);
    expect(elapsed).toBeLessThan(200);
  });

  it('a text value is capped at 10,000 characters', () => {
    expect(codesOf(update({ title: 'x'.repeat(10_001) }))).toEqual([['title', 'INVALID_VALUE']]);
  });

  it('1e20 and 9999999999999999.99 are out of range, naming the field and the bound', () => {
    // ACT
    const amount = update({ amount: 9999999999999999.99 });
    const quantity = update({ quantity: 1e20 });
    const discount = update({ discount: 1e20 });

    // ASSERT
    expect(codesOf(amount)).toEqual([['amount', 'INVALID_VALUE']]);
    expect(codesOf(quantity)).toEqual([['quantity', 'INVALID_VALUE']]);
    expect(codesOf(discount)).toEqual([['discount', 'INVALID_VALUE']]);
    if (amount.ok) throw new Error('refused above');
    expect(amount.errors[0]?.message.en).toContain('"amount"');
    expect(amount.errors[0]?.message.en).toContain('9999999999999.99');
    expect(update({ amount: 9_999_999_999_999.99, quantity: 1_000_000 }).ok).toBe(true);
  });

  it('the year 0000 and dates out of years 1..9999 are refused; year 0001 and 9999 are kept', () => {
    expect(codesOf(update({ close_date: '0000-01-01' }))).toEqual([['close_date', 'INVALID_VALUE']]);
    expect(codesOf(update({ last_contact_at: '0000-06-01T00:00:00Z' }))).toEqual([['last_contact_at', 'INVALID_VALUE']]);
    expect(codesOf(update({ last_contact_at: '0001-01-01T00:00:00+03:00' }))).toEqual([['last_contact_at', 'INVALID_VALUE']]);
    expect(update({ close_date: '0001-01-01', last_contact_at: '9999-12-31T23:59:59Z' }).ok).toBe(true);
  });
});
