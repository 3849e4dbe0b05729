import { describe, expect, it } from 'vitest';
import { COMPANY_ID, OTHER_USER_ID, USER_ID, conditionTestApp } from './condition-test-app.fixture.js';
import { ConditionError, ConditionRecordError } from './condition.errors.js';
import { evaluateCondition } from './condition.predicate.js';
import type { ConditionContext } from './condition.types.js';

const NOW = new Date('2024-03-01T10:00:00.000Z'); // 13:00 in Moscow

function ctx(extra: Partial<ConditionContext> = {}): ConditionContext {
  return { app: conditionTestApp(), entity: 'deal', now: NOW, user: { id: USER_ID, region: 'north', teams: ['a', 'b'] }, ...extra };
}

function matches(condition: unknown, record: Record<string, unknown>, extra: Partial<ConditionContext> = {}): boolean {
  return evaluateCondition(condition, record, ctx(extra));
}

/** Evaluates `op value` on `field` for each record value and returns which matched. */
function sweep(field: string, op: string, value: unknown, actuals: readonly unknown[]): boolean[] {
  const condition = value === undefined ? { field, op } : { field, op, value };
  return actuals.map((actual) => matches(condition, { [field]: actual }));
}

describe('evaluateCondition: text fields', () => {
  const values = ['Сделка с ООО «Ромашка»', 'deal 100%', 'a_b\\c', '', null, undefined];

  it('eq and ne are exact, and ne matches an empty field', () => {
    expect(sweep('title', 'eq', 'deal 100%', values)).toEqual([false, true, false, false, false, false]);
    expect(sweep('title', 'ne', 'deal 100%', values)).toEqual([true, false, true, true, true, true]);
    expect(sweep('title', 'eq', 'DEAL 100%', values)).toEqual([false, false, false, false, false, false]);
  });

  it('contains folds case, Cyrillic included, and takes % _ \\ literally', () => {
    expect(sweep('title', 'contains', 'сдел', values)).toEqual([true, false, false, false, false, false]);
    expect(sweep('title', 'contains', 'РОМАШ', values)).toEqual([true, false, false, false, false, false]);
    expect(sweep('title', 'contains', '0%', values)).toEqual([false, true, false, false, false, false]);
    expect(sweep('title', 'contains', '_b\\', values)).toEqual([false, false, true, false, false, false]);
    expect(sweep('title', 'contains', '', values)).toEqual([true, true, true, true, false, false]);
  });

  it('startsWith folds case', () => {
    expect(sweep('notes', 'startsWith', 'СДЕЛКА', values)).toEqual([true, false, false, false, false, false]);
    expect(sweep('notes', 'startsWith', 'Deal', values)).toEqual([false, true, false, false, false, false]);
  });

  it('in and nin; in [] matches nothing and nin [] everything', () => {
    expect(sweep('email', 'in', ['', 'deal 100%'], values)).toEqual([false, true, false, true, false, false]);
    expect(sweep('email', 'nin', ['', 'deal 100%'], values)).toEqual([true, false, true, false, true, true]);
    expect(sweep('email', 'in', [], values)).toEqual([false, false, false, false, false, false]);
    expect(sweep('email', 'nin', [], values)).toEqual([true, true, true, true, true, true]);
  });

  it('isEmpty counts null, absent and the empty string', () => {
    expect(sweep('phone', 'isEmpty', undefined, values)).toEqual([false, false, false, true, true, true]);
    expect(sweep('phone', 'isNotEmpty', undefined, values)).toEqual([true, true, true, false, false, false]);
  });

  it('folds one code point at a time, like PostgreSQL lower()', () => {
    expect(matches({ field: 'site', op: 'contains', value: 'σασ' }, { site: 'ΣΑΣ' })).toBe(true);
    expect(matches({ field: 'site', op: 'startsWith', value: 'i' }, { site: 'İstanbul' })).toBe(true);
  });

  it('text formulas compare like text', () => {
    expect(matches({ field: 'summary', op: 'contains', value: 'x' }, { summary: 'aXb' })).toBe(true);
  });
});

describe('evaluateCondition: numbers (integer, number, money, percent, formula)', () => {
  const values = [-1.5, 0, 100000, 100000.01, null, undefined];

  it('compares numerically', () => {
    expect(sweep('amount', 'gt', 100000, values)).toEqual([false, false, false, true, false, false]);
    expect(sweep('score', 'gte', 0, values)).toEqual([false, true, true, true, false, false]);
    expect(sweep('probability', 'lt', 0, values)).toEqual([true, false, false, false, false, false]);
    expect(sweep('weighted', 'lte', 100000, values)).toEqual([true, true, true, false, false, false]);
    expect(sweep('qty', 'eq', 0, values)).toEqual([false, true, false, false, false, false]);
    expect(sweep('qty', 'ne', 0, values)).toEqual([true, false, true, true, true, true]);
  });

  it('between is inclusive at both ends and empty when lo > hi', () => {
    expect(sweep('amount', 'between', [0, 100000], values)).toEqual([false, true, true, false, false, false]);
    expect(sweep('amount', 'between', [100000, 0], values)).toEqual([false, false, false, false, false, false]);
  });

  it('in / nin / isEmpty', () => {
    expect(sweep('qty', 'in', [0, -1.5], values)).toEqual([true, true, false, false, false, false]);
    expect(sweep('qty', 'nin', [0, -1.5], values)).toEqual([false, false, true, true, true, true]);
    expect(sweep('qty', 'isEmpty', undefined, values)).toEqual([false, false, false, false, true, true]);
  });

  it('reads numeric strings as a database driver returns them', () => {
    expect(matches({ field: 'amount', op: 'gt', value: 5 }, { amount: '10.50' })).toBe(true);
  });
});

describe('evaluateCondition: booleans', () => {
  const values = [true, false, null];
  it('eq / ne / isEmpty', () => {
    expect(sweep('hot', 'eq', true, values)).toEqual([true, false, false]);
    expect(sweep('hot', 'ne', true, values)).toEqual([false, true, true]);
    expect(sweep('hot', 'isEmpty', undefined, values)).toEqual([false, false, true]);
  });
});

describe('evaluateCondition: dates', () => {
  const values = ['0001-01-01', '2024-02-29', '2024-03-01', '9999-12-31', null];

  it('compares calendar dates', () => {
    expect(sweep('close_date', 'gt', '2024-02-29', values)).toEqual([false, false, true, true, false]);
    expect(sweep('close_date', 'between', ['2024-02-29', '2024-03-01'], values)).toEqual([false, true, true, false, false]);
    expect(sweep('close_date', 'in', ['0001-01-01'], values)).toEqual([true, false, false, false, false]);
  });

  it('$today is the date in the app time zone; {"$now": "-P1D"} is yesterday', () => {
    expect(sweep('close_date', 'eq', '$today', values)).toEqual([false, false, true, false, false]);
    expect(sweep('close_date', 'eq', { $now: '-P1D' }, values)).toEqual([false, true, false, false, false]);
    const lateEvening = new Date('2024-02-29T21:30:00.000Z'); // already March 1st in Moscow
    expect(matches({ field: 'close_date', op: 'eq', value: '$today' }, { close_date: '2024-03-01' }, { now: lateEvening })).toBe(true);
  });
});

describe('evaluateCondition: date-times', () => {
  const values = ['2024-03-01T09:59:59.999Z', '2024-03-01T10:00:00.000Z', '2024-02-23T10:00:00.000Z', null];

  it('compares instants, whatever offset they are written with', () => {
    expect(sweep('due_at', 'gte', '2024-03-01T13:00:00+03:00', values)).toEqual([false, true, false, false]);
    expect(sweep('due_at', 'lt', '$now', values)).toEqual([true, false, true, false]);
    expect(sweep('due_at', 'eq', { $now: '-P7D' }, values)).toEqual([false, false, true, false]);
  });

  it('reads a date as the start of that day in the app time zone', () => {
    expect(sweep('due_at', 'gte', '2024-03-01', values)).toEqual([true, true, false, false]);
    expect(sweep('due_at', 'gte', '$today', values)).toEqual([true, true, false, false]);
  });
});

describe('evaluateCondition: enums', () => {
  const values = ['new', 'won', null];
  it('eq / ne / in / nin / isEmpty', () => {
    expect(sweep('stage', 'eq', 'won', values)).toEqual([false, true, false]);
    expect(sweep('stage', 'ne', 'won', values)).toEqual([true, false, true]);
    expect(sweep('stage', 'in', ['new', 'lost'], values)).toEqual([true, false, false]);
    expect(sweep('stage', 'nin', ['new', 'lost'], values)).toEqual([false, true, true]);
    expect(sweep('stage', 'isNotEmpty', undefined, values)).toEqual([true, true, false]);
  });
});

describe('evaluateCondition: multienum', () => {
  const values = [['vip', 'partner'], ['vip'], [], null];
  it('contains one value or all of several', () => {
    expect(sweep('tags', 'contains', 'partner', values)).toEqual([true, false, false, false]);
    expect(sweep('tags', 'contains', ['vip', 'partner'], values)).toEqual([true, false, false, false]);
    expect(sweep('tags', 'contains', [], values)).toEqual([true, true, true, false]);
  });
  it('isEmpty counts the empty list', () => {
    expect(sweep('tags', 'isEmpty', undefined, values)).toEqual([false, false, true, true]);
  });
});

describe('evaluateCondition: users and relations', () => {
  it('$user is the current user id; without a user the leaf is false, even ne', () => {
    expect(matches({ field: 'manager', op: 'eq', value: '$user' }, { manager: USER_ID })).toBe(true);
    expect(matches({ field: 'manager', op: 'eq', value: '$user' }, { manager: USER_ID.toUpperCase() })).toBe(true);
    expect(matches({ field: 'manager', op: 'ne', value: '$user' }, { manager: OTHER_USER_ID })).toBe(true);
    expect(matches({ field: 'manager', op: 'ne', value: '$user' }, { manager: OTHER_USER_ID }, { user: undefined })).toBe(false);
    expect(matches({ not: { field: 'manager', op: 'eq', value: '$user' } }, { manager: USER_ID }, { user: undefined })).toBe(true);
  });

  it('$user.<attr> reads the user object; a list attribute can stand for an in list', () => {
    expect(matches({ field: 'region', op: 'eq', value: '$user.region' }, { region: 'north' })).toBe(true);
    expect(matches({ field: 'region', op: 'in', value: '$user.teams' }, { region: 'b' })).toBe(true);
    expect(matches({ field: 'region', op: 'eq', value: '$user.missing' }, { region: 'north' })).toBe(false);
    expect(matches({ field: 'qty', op: 'eq', value: '$user.region' }, { qty: 1 })).toBe(false);
  });

  it('a relation compares by id, expanded or not', () => {
    expect(matches({ field: 'company', op: 'eq', value: COMPANY_ID }, { company: COMPANY_ID })).toBe(true);
    expect(matches({ field: 'company', op: 'eq', value: COMPANY_ID }, { company: { id: COMPANY_ID } })).toBe(true);
    expect(matches({ field: 'company', op: 'isEmpty' }, { company: null })).toBe(true);
  });

  it('follows dot paths; a missing or soft-deleted related record is an empty value', () => {
    const record = { company: { id: COMPANY_ID, city: 'Казань', owner: USER_ID, parent: { id: 'p', city: 'Москва' } } };
    expect(matches({ field: 'company.city', op: 'eq', value: 'Казань' }, record)).toBe(true);
    expect(matches({ field: 'company.owner', op: 'eq', value: '$user' }, record)).toBe(true);
    expect(matches({ field: 'company.parent.city', op: 'startsWith', value: 'моск' }, record)).toBe(true);
    expect(matches({ field: 'company.city', op: 'ne', value: 'Казань' }, { company: null })).toBe(true);
    expect(matches({ field: 'company.city', op: 'eq', value: 'Казань' }, { company: null })).toBe(false);
    expect(matches({ field: 'company.city', op: 'isEmpty' }, { company: { ...record.company, deleted_at: '2024-01-01T00:00:00Z' } })).toBe(true);
    expect(matches({ field: 'company.parent.city', op: 'isEmpty' }, { company: { id: COMPANY_ID, parent: null } })).toBe(true);
  });

  it('refuses to guess through a relation that was not expanded', () => {
    expect(() => matches({ field: 'company.city', op: 'eq', value: 'x' }, { company: COMPANY_ID })).toThrow(ConditionRecordError);
  });
});

describe('evaluateCondition: and / or / not', () => {
  it('empty and is true, empty or is false, not negates plainly (two-valued)', () => {
    expect(matches({ and: [] }, {})).toBe(true);
    expect(matches({ or: [] }, {})).toBe(false);
    expect(matches({ not: { field: 'amount', op: 'gt', value: 5 } }, { amount: null })).toBe(true);
    expect(
      matches({ or: [{ field: 'amount', op: 'gt', value: 5 }, { and: [{ field: 'hot', op: 'eq', value: true }] }] }, { amount: 1, hot: true }),
    ).toBe(true);
  });
});

describe('evaluateCondition: trigger operators', () => {
  it('changed compares with the previous version; on create a set field counts as changed', () => {
    const changed = { field: 'stage', op: 'changed' };
    expect(matches(changed, { stage: 'won' }, { previous: { stage: 'new' } })).toBe(true);
    expect(matches(changed, { stage: 'won' }, { previous: { stage: 'won' } })).toBe(false);
    expect(matches(changed, { stage: 'won' }, { previous: null })).toBe(true);
    expect(matches(changed, { stage: null }, {})).toBe(false);
    expect(matches(changed, { stage: null }, { previous: { stage: 'won' } })).toBe(true);
  });

  it('changedTo is changed and now equal', () => {
    const changedTo = { field: 'stage', op: 'changedTo', value: 'won' };
    expect(matches(changedTo, { stage: 'won' }, { previous: { stage: 'new' } })).toBe(true);
    expect(matches(changedTo, { stage: 'won' }, { previous: { stage: 'won' } })).toBe(false);
    expect(matches(changedTo, { stage: 'lost' }, { previous: { stage: 'new' } })).toBe(false);
  });

  it('compares values, not spellings: numbers, instants, lists in any order', () => {
    expect(matches({ field: 'amount', op: 'changed' }, { amount: 10 }, { previous: { amount: '10.00' } })).toBe(false);
    expect(matches({ field: 'due_at', op: 'changed' }, { due_at: '2024-03-01T13:00:00+03:00' }, { previous: { due_at: '2024-03-01T10:00:00.000Z' } })).toBe(false);
    expect(matches({ field: 'tags', op: 'changed' }, { tags: ['vip', 'partner'] }, { previous: { tags: ['partner', 'vip'] } })).toBe(false);
  });
});

describe('evaluateCondition: invalid conditions', () => {
  it('throws a ConditionError carrying the issues', () => {
    try {
      matches({ field: 'nope', op: 'eq', value: 1 }, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConditionError);
      if (error instanceof ConditionError) expect(error.issues[0]?.code).toBe('unknown-field');
    }
  });
});
