import { describe, expect, it } from 'vitest';
import { loadTemplate } from '@crm/templates';
import { cellParser, parseNumberText } from './import-cell.parser.js';

const app = loadTemplate('b2b-sales').app;
const field = (entity: string, name: string) => {
  const found = app.entities.find((e) => e.name === entity)?.fields.find((f) => f.name === name);
  if (!found) throw new Error(`${entity}.${name}`);
  return found;
};
const users = (email: string) => (email === 'rep@x.test' ? '11111111-1111-4111-8111-111111111111' : undefined);

describe('import cell parsing', () => {
  it('reads numbers written the Russian or the English way, and refuses what is not one', () => {
    expect(parseNumberText('1 234,56')).toBe(1234.56);
    expect(parseNumberText('1\u00a0234\u00a0567')).toBe(1234567);
    expect(parseNumberText('1,234.5')).toBe(1234.5);
    expect(parseNumberText('1.234,5')).toBe(1234.5);
    expect(parseNumberText('-42')).toBe(-42);
    expect(parseNumberText('150 000 ₽')).toBe(150000);
    expect(parseNumberText('12%')).toBe(12);
    expect(parseNumberText('1,000,000')).toBe(1000000);
    expect(parseNumberText('много')).toBeUndefined();
    expect(parseNumberText('12abc')).toBeUndefined();
    expect(parseNumberText('')).toBeUndefined();
  });

  it('takes enum values by value or by their en / ru label, in any case', () => {
    const stage = cellParser(app, 'deal', field('deal', 'stage'), users);
    expect(stage('won')).toEqual({ kind: 'value', value: 'won' });
    expect(stage('Успешно')).toEqual({ kind: 'value', value: 'won' });
    expect(stage('qualified')).toEqual({ kind: 'value', value: 'qualified' });
    expect(stage('КВАЛИФИКАЦИЯ')).toEqual({ kind: 'value', value: 'qualified' });
    // Unknown values go on as typed, for the validator to name the field.
    expect(stage('nowhere')).toEqual({ kind: 'value', value: 'nowhere' });
  });

  it('treats a blank cell as no value, and types booleans, dates and people', () => {
    const amount = cellParser(app, 'deal', field('deal', 'amount'), users);
    expect(amount('   ')).toEqual({ kind: 'absent' });
    expect(amount('abc')).toMatchObject({ kind: 'invalid', code: 'INVALID_TYPE' });
    const done = cellParser(app, 'activity', field('activity', 'done'), users);
    expect(done('да')).toEqual({ kind: 'value', value: true });
    expect(done('FALSE')).toEqual({ kind: 'value', value: false });
    expect(done('maybe')).toMatchObject({ kind: 'invalid' });
    const birthday = cellParser(app, 'contact', field('contact', 'birthday'), users);
    expect(birthday('5.3.1990')).toEqual({ kind: 'value', value: '1990-03-05' });
    expect(birthday('1990-03-05')).toEqual({ kind: 'value', value: '1990-03-05' });
    const owner = cellParser(app, 'deal', 'owner', users);
    expect(owner('REP@x.test')).toEqual({ kind: 'value', value: '11111111-1111-4111-8111-111111111111' });
    expect(owner('nobody@x.test')).toMatchObject({ kind: 'invalid', code: 'INVALID_REFERENCE' });
  });

  it('takes off the apostrophe the export puts before formula-like text', () => {
    const title = cellParser(app, 'deal', field('deal', 'title'), users);
    expect(title("'=SUM(A1)")).toEqual({ kind: 'value', value: '=SUM(A1)' });
    expect(title("it's fine")).toEqual({ kind: 'value', value: "it's fine" });
  });
});
