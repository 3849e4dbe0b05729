import { describe, expect, it } from 'vitest';
import { decideTypeChange, FORMAT_PATTERNS, isTypeChange, type FieldShape } from './type-change.rules.js';

function decide(from: FieldShape, to: FieldShape) {
  return decideTypeChange({ entity: 'deal', field: 'amount', from, to });
}

describe('type change rules', () => {
  it.each([
    ['integer', 'number'],
    ['integer', 'money'],
    ['integer', 'percent'],
    ['number', 'money'],
    ['money', 'percent'],
    ['percent', 'number'],
    ['date', 'datetime'],
  ])('converts %s to %s with a cast', (from, to) => {
    expect(decide({ type: from }, { type: to })).toEqual({ ok: true, conversion: { kind: 'cast' } });
  });

  it.each([
    ['text', 'longtext'],
    ['longtext', 'text'],
    ['email', 'text'],
    ['url', 'longtext'],
    ['phone', 'text'],
    ['enum', 'text'],
  ])('keeps the values of %s changed to %s as they are', (from, to) => {
    expect(decide({ type: from }, { type: to })).toEqual({ ok: true, conversion: { kind: 'none' } });
  });

  it('turns text into enum only after checking every value is one of the new options', () => {
    expect(decide({ type: 'text' }, { type: 'enum', allowedValues: ['a', 'b'] })).toEqual({
      ok: true,
      conversion: { kind: 'options', allowed: ['a', 'b'] },
    });
  });

  it.each(['email', 'url', 'phone'] as const)('turns text into %s only after checking the values match the format', (to) => {
    expect(decide({ type: 'text' }, { type: to })).toEqual({
      ok: true,
      conversion: { kind: 'pattern', pattern: FORMAT_PATTERNS[to], format: to },
    });
  });

  it.each([
    ['number', 'integer'],
    ['text', 'integer'],
    ['longtext', 'enum'],
    ['datetime', 'date'],
    ['boolean', 'text'],
    ['enum', 'multienum'],
    ['integer', 'formula'],
  ])('refuses %s to %s with a message naming the entity, field and both types', (from, to) => {
    const decision = decide({ type: from }, { type: to });
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.code).toBe('UNSAFE_TYPE_CHANGE');
    expect(decision.message.en).toContain('deal.amount');
    expect(decision.message.en).toContain(from);
    expect(decision.message.en).toContain(to);
    expect(decision.message.ru).toContain('deal.amount');
  });

  it('refuses pointing a relation at another entity', () => {
    const decision = decide(
      { type: 'relation', cardinality: 'many-to-one', target: 'ent_company' },
      { type: 'relation', cardinality: 'many-to-one', target: 'ent_person' },
    );
    expect(decision).toMatchObject({ ok: false, code: 'RELATION_TARGET_CHANGE' });
  });

  it('refuses changing a relation between many-to-one and many-to-many', () => {
    const decision = decide(
      { type: 'relation', cardinality: 'many-to-one', target: 'ent_company' },
      { type: 'relation', cardinality: 'many-to-many', target: 'ent_company' },
    );
    expect(decision).toMatchObject({ ok: false, code: 'UNSAFE_TYPE_CHANGE' });
  });

  it('refuses changing the result type of a formula', () => {
    expect(decide({ type: 'formula', resultType: 'number' }, { type: 'formula', resultType: 'text' })).toMatchObject({ ok: false });
  });

  it('sees a renamed relation target (same stable key) as no type change', () => {
    const shape: FieldShape = { type: 'relation', cardinality: 'many-to-one', target: 'ent_company' };
    expect(isTypeChange(shape, { ...shape })).toBe(false);
    expect(isTypeChange(shape, { ...shape, target: 'ent_other' })).toBe(true);
  });
});
