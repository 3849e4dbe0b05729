import { describe, expect, it } from 'vitest';
import { conditionTestApp } from './condition-test-app.fixture.js';
import { checkCondition } from './condition.check.js';
import type { CheckContext, ConditionIssue } from './condition.types.js';

function check(condition: unknown, extra: Partial<CheckContext> = {}): ConditionIssue[] {
  return checkCondition(condition, { app: conditionTestApp(), entity: 'deal', allowTriggerOps: false, ...extra });
}

function only(condition: unknown, extra: Partial<CheckContext> = {}): ConditionIssue {
  const issues = check(condition, extra);
  expect(issues).toHaveLength(1);
  const [first] = issues;
  if (!first) throw new Error('no issue');
  return first;
}

describe('checkCondition accepts', () => {
  it.each([
    { field: 'amount', op: 'gt', value: 100000 },
    { and: [{ field: 'title', op: 'contains', value: 'сдел' }, { or: [] }, { not: { field: 'hot', op: 'eq', value: true } }] },
    { field: 'company.city', op: 'eq', value: 'Казань' },
    { field: 'company.parent.size', op: 'between', value: [10, 20] },
    { field: 'company.owner', op: 'eq', value: '$user' },
    { field: 'created_at', op: 'gte', value: { $now: '-P7D' } },
    { field: 'close_date', op: 'lt', value: '$today' },
    { field: 'due_at', op: 'lt', value: '2024-03-01' },
    { field: 'region', op: 'eq', value: '$user.region' },
    { field: 'region', op: 'in', value: '$user.teams' },
    { field: 'qty', op: 'in', value: [1, '$user.quota'] },
    { field: 'phase', op: 'eq', value: 'negotiation' },
    { field: 'tags', op: 'contains', value: ['vip', 'partner'] },
    { field: 'contract', op: 'isEmpty' },
    { field: 'weighted', op: 'gt', value: 0.5 },
    { field: 'id', op: 'in', value: [] },
  ])('%j', (condition) => {
    expect(check(condition)).toEqual([]);
  });

  it('trigger operators inside triggers', () => {
    expect(check({ field: 'stage', op: 'changedTo', value: 'won' }, { allowTriggerOps: true })).toEqual([]);
    expect(check({ field: 'amount', op: 'changed' }, { allowTriggerOps: true })).toEqual([]);
  });
});

describe('checkCondition reports', () => {
  it('an unknown field, naming it and pointing at it', () => {
    const found = only({ and: [{ field: 'amount', op: 'gt', value: 1 }, { field: 'amont', op: 'gt', value: 1 }] });
    expect(found).toEqual({
      path: '/and/1/field',
      code: 'unknown-field',
      message: { ru: 'Поле «amont» не найдено в сущности «deal».', en: 'Unknown field "amont" in entity "deal".' },
    });
  });

  it('an unknown field at the end of a path, in the entity reached', () => {
    const found = only({ field: 'company.town', op: 'eq', value: 'x' });
    expect(found.code).toBe('unknown-field');
    expect(found.message.en).toBe('Unknown field "town" in entity "company".');
  });

  it('a hidden field exactly like an unknown one', () => {
    const isFieldVisible = (entity: string, field: string): boolean => !(entity === 'company' && field === 'secret_notes');
    const hidden = only({ field: 'company.secret_notes', op: 'eq', value: 1 }, { isFieldVisible });
    const missing = only({ field: 'company.no_such', op: 'eq', value: 1 }, { isFieldVisible });
    expect(hidden.code).toBe(missing.code);
    expect(hidden.path).toBe(missing.path);
    expect(hidden.message.en).toBe(missing.message.en.replace('no_such', 'secret_notes'));
    expect(hidden.message.ru).toBe(missing.message.ru.replace('no_such', 'secret_notes'));
  });

  it('a hidden relation on a path, before anything about what follows it', () => {
    const found = only({ field: 'company.city', op: 'gt', value: 'x' }, { isFieldVisible: (_e, field) => field !== 'company' });
    expect(found).toMatchObject({ path: '/field', code: 'unknown-field' });
    expect(found.message.en).toBe('Unknown field "company" in entity "deal".');
  });

  it('a path through a field that is not a many-to-one relation', () => {
    expect(only({ field: 'title.length', op: 'gt', value: 1 })).toMatchObject({ path: '/field', code: 'not-traversable' });
    expect(only({ field: 'manager.name', op: 'eq', value: 'x' })).toMatchObject({ code: 'not-traversable' });
    expect(only({ field: 'partners.city', op: 'eq', value: 'x' })).toMatchObject({ code: 'not-traversable' });
  });

  it('a to-many relation compared directly', () => {
    expect(only({ field: 'partners', op: 'isEmpty' })).toMatchObject({ path: '/field', code: 'unsupported-field' });
  });

  it.each([
    [{ field: 'hot', op: 'gt', value: true }, 'gt'],
    [{ field: 'close_date', op: 'contains', value: '2024' }, 'contains'],
    [{ field: 'title', op: 'gt', value: 'a' }, 'gt'],
    [{ field: 'stage', op: 'startsWith', value: 'w' }, 'startsWith'],
    [{ field: 'tags', op: 'eq', value: 'vip' }, 'eq'],
    [{ field: 'contract', op: 'eq', value: 'x' }, 'eq'],
  ])('an operator the field type does not take: %j', (condition, op) => {
    const found = only(condition);
    expect(found).toMatchObject({ path: '/op', code: 'operator-not-allowed' });
    expect(found.message.en).toContain(`"${op}"`);
    expect(found.message.en).toContain('Allowed:');
  });

  it('a value of the wrong type', () => {
    const found = only({ not: { field: 'amount', op: 'gt', value: 'много' } });
    expect(found).toEqual({
      path: '/not/value',
      code: 'invalid-value',
      message: {
        ru: 'Значение "много" не подходит полю «amount»: нужно число.',
        en: 'Value "много" does not fit field "amount": expected a number.',
      },
    });
    expect(only({ field: 'close_date', op: 'eq', value: '2023-02-29' })).toMatchObject({ code: 'invalid-value' });
    expect(only({ field: 'due_at', op: 'eq', value: '2024-03-01T10:00:00' })).toMatchObject({ code: 'invalid-value' });
    expect(only({ field: 'company', op: 'eq', value: 'acme' })).toMatchObject({ code: 'invalid-value' });
    expect(only({ field: 'hot', op: 'eq', value: 'true' })).toMatchObject({ code: 'invalid-value' });
    expect(only({ field: 'company.size', op: 'in', value: [1, 'x'] })).toMatchObject({ path: '/value/1', code: 'invalid-value' });
  });

  it('null as a value, pointing to isEmpty', () => {
    const found = only({ field: 'amount', op: 'eq', value: null });
    expect(found.code).toBe('invalid-value');
    expect(found.message.en).toContain('isEmpty');
  });

  it('an enum value that is not an option (pipeline stages count as options)', () => {
    expect(only({ field: 'stage', op: 'in', value: ['won', 'wonn'] })).toMatchObject({ path: '/value/1', code: 'unknown-option' });
    expect(only({ field: 'phase', op: 'eq', value: 'won' }).message.en).toContain('lead, negotiation, closed');
  });

  it('list and range shapes', () => {
    expect(only({ field: 'qty', op: 'in', value: 1 })).toMatchObject({ path: '/value', code: 'invalid-list' });
    expect(only({ field: 'qty', op: 'between', value: [1] })).toMatchObject({ path: '/value', code: 'invalid-range' });
    expect(only({ field: 'qty', op: 'between', value: 1 })).toMatchObject({ code: 'invalid-range' });
    expect(only({ field: 'qty', op: 'in', value: Array.from({ length: 1001 }, (_v, i) => i) })).toMatchObject({ code: 'too-many-values' });
  });

  it('a missing value, or a value where none is taken', () => {
    expect(only({ field: 'qty', op: 'eq' })).toMatchObject({ path: '/value', code: 'value-required' });
    expect(only({ field: 'qty', op: 'isEmpty', value: true })).toMatchObject({ path: '/value', code: 'unexpected-value' });
  });

  it('trigger operators outside triggers, and through relations inside them', () => {
    expect(only({ field: 'stage', op: 'changed' })).toMatchObject({ path: '/op', code: 'trigger-only-operator' });
    expect(only({ field: 'company.city', op: 'changed' }, { allowTriggerOps: true })).toMatchObject({ path: '/field', code: 'changed-through-relation' });
  });

  it('malformed dynamic values', () => {
    expect(only({ field: 'manager', op: 'eq', value: '$usr' })).toMatchObject({ code: 'invalid-dynamic-value' });
    expect(only({ field: 'due_at', op: 'gt', value: { $now: '7 days' } })).toMatchObject({ code: 'invalid-dynamic-value' });
    expect(only({ field: 'amount', op: 'gt', value: '$now' })).toMatchObject({ code: 'invalid-dynamic-value' });
    expect(only({ field: 'amount', op: 'eq', value: '$user' })).toMatchObject({ code: 'invalid-dynamic-value' });
  });

  it('malformed shapes, each at its pointer', () => {
    expect(only(null)).toMatchObject({ path: '', code: 'invalid-condition' });
    expect(only({ and: {} })).toMatchObject({ path: '/and', code: 'invalid-condition' });
    expect(only({ and: [], or: [] })).toMatchObject({ path: '', code: 'invalid-condition' });
    expect(only({ field: 'qty', op: 'eq', value: 1, extra: 1 })).toMatchObject({ path: '/extra', code: 'invalid-condition' });
    expect(only({ field: 'qty', op: 'eq', value: 1, 'a/b~': 1 })).toMatchObject({ path: '/a~1b~0', code: 'invalid-condition' });
    expect(only({ field: 'Qty', op: 'eq', value: 1 })).toMatchObject({ path: '/field', code: 'invalid-condition' });
    expect(only({ field: 'qty', op: 'equals', value: 1 })).toMatchObject({ path: '/op', code: 'unknown-operator' });
  });

  it('every problem in a list, not just the first', () => {
    const issues = check({ or: [{ field: 'x', op: 'eq', value: 1 }, { field: 'hot', op: 'gt', value: 1 }, { field: 'qty', op: 'in', value: 1 }] });
    expect(issues.map((found) => found.path)).toEqual(['/or/0/field', '/or/1/op', '/or/2/value']);
  });

  it('nesting deeper than the limit', () => {
    let condition: unknown = { field: 'qty', op: 'isEmpty' };
    for (let depth = 0; depth < 40; depth += 1) condition = { not: condition };
    expect(only(condition).code).toBe('too-deep');
  });

  it('an unknown entity', () => {
    expect(only({ and: [] }, { entity: 'nope' })).toMatchObject({ path: '', code: 'unknown-entity' });
  });
});
