import { describe, expect, it } from 'vitest';
import { contactsCsv } from './contacts.csv.js';

describe('contacts CSV', () => {
  it('has a header, the rows asked for, and 1% of rows repeating an earlier phone written another way', () => {
    const lines = contactsCsv(1000).trimEnd().split('\n');
    expect(lines[0]).toBe('first_name,last_name,email,phone,position,region,birthday');
    const rows = lines.slice(1);
    expect(rows).toHaveLength(1000);
    const digits = rows.map((r) => (/"([^"]+)"/.exec(r)?.[1] ?? '').replace(/\D/g, '').slice(-10));
    const repeated = digits.filter((d, i) => digits.indexOf(d) !== i);
    expect(repeated).toHaveLength(10);
    const emails = rows.map((r) => r.split(',')[2]);
    expect(new Set(emails).size).toBe(1000);
  });
});
