import { describe, expect, it } from 'vitest';
import { compileFormula } from './formula.compiler.js';
import { coerceFormulaResult } from './formula-result.coercer.js';

const DEAL_FIELDS = ['title', 'amount', 'probability', 'close_date', 'opened_on', 'tags'];

function compiled(expression: string, fields: readonly string[] = DEAL_FIELDS) {
  const result = compileFormula(expression, fields);
  if (!result.ok) throw new Error(`expected ${expression} to compile: ${result.message.en}`);
  return result;
}

function failure(expression: string, fields: readonly string[] = DEAL_FIELDS) {
  const result = compileFormula(expression, fields);
  if (result.ok) throw new Error(`expected ${expression} to be refused`);
  return result.message;
}

describe('compileFormula', () => {
  it('computes the weighted amount from the record and lists what it reads', () => {
    const formula = compiled('amount * probability / 100');
    expect(formula.references).toEqual(['amount', 'probability']);
    expect(formula.evaluate({ amount: 100000, probability: 40 })).toBe(40000);
  });

  it('gives an empty result when an operand is empty, instead of treating it as 0', () => {
    const formula = compiled('amount * probability / 100');
    expect(formula.evaluate({ amount: 100000, probability: null })).toBeNull();
    expect(formula.evaluate({ amount: 100000 })).toBeNull();
  });

  it('joins text with + and leaves empty parts out', () => {
    expect(compiled("title + ' / ' + amount").evaluate({ title: 'Поставка', amount: 5 })).toBe('Поставка / 5');
    expect(compiled("title + '!'").evaluate({ title: null })).toBe('!');
  });

  it('supports conditionals, comparisons and the registered functions', () => {
    expect(compiled("amount > 50000 ? 'big' : 'small'").evaluate({ amount: 60000 })).toBe('big');
    expect(compiled('round(amount * 1.2, 2)').evaluate({ amount: 10.005 })).toBe(12.01);
    expect(compiled('title|upper').evaluate({ title: 'abc' })).toBe('ABC');
    expect(compiled('days_between(opened_on, close_date)').evaluate({ opened_on: '2025-01-01', close_date: '2025-03-01' })).toBe(59);
    expect(compiled('coalesce(probability, 10)').evaluate({ probability: null })).toBe(10);
  });

  it('names an identifier that is not a field of the record', () => {
    const message = failure('amount * chance');
    expect(message.en).toContain('"chance"');
    expect(message.ru).toContain('«chance»');
  });

  it('refuses reaching past the record through dots, brackets and unknown functions', () => {
    expect(failure('title.length').en).toContain('dot');
    expect(failure('title.constructor').en).toMatch(/cannot be read/);
    expect(failure('tags[0]').en).toContain('dot or brackets');
    expect(failure('eval(title)').en).toContain('"eval"');
    expect(failure("title|process").en).toContain('"process"');
  });

  it('reports a syntax error with a readable message', () => {
    expect(failure('amount *').en).toMatch(/cannot be read/);
    expect(failure('').en).toMatch(/cannot be read/);
  });

  it('returns an empty result when values do not fit the expression at run time', () => {
    expect(compiled('amount * 2').evaluate({ amount: 'много' })).toBeNull();
  });
});

describe('coerceFormulaResult', () => {
  it('keeps results of the declared type and empties the rest', () => {
    expect(coerceFormulaResult(12.5, 'number')).toBe(12.5);
    expect(coerceFormulaResult(1 / 0, 'number')).toBeNull();
    expect(coerceFormulaResult('12', 'number')).toBeNull();
    expect(coerceFormulaResult(12, 'text')).toBe('12');
    expect(coerceFormulaResult(1, 'boolean')).toBeNull();
    expect(coerceFormulaResult('2025-03-01T10:00:00Z', 'date')).toBe('2025-03-01');
    expect(coerceFormulaResult('soon', 'date')).toBeNull();
  });
});
