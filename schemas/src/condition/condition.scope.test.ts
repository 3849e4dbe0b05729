import { describe, expect, it } from 'vitest';
import { checkScopedCondition } from './condition.check.js';
import { evaluateConditionInScope } from './condition.predicate.js';
import { compileConditionToSql } from './condition.sql.js';
import { checkCondition } from './condition.check.js';
import { conditionTestApp, USER_ID } from './condition-test-app.fixture.js';
import type { ConditionScope, ScopeValues } from './condition.types.js';

/* Scoped conditions (process nodes): the roots besides the record, typed by their JSON Schemas. */

const app = conditionTestApp();

const scope: ConditionScope = {
  entity: 'deal',
  roots: {
    trigger: { type: 'object', properties: { body: {} }, additionalProperties: false },
    'steps.fetch': {
      type: 'object',
      properties: { status: { type: 'integer' }, body: {}, headers: { type: 'object', additionalProperties: { type: 'string' } } },
      additionalProperties: false,
    },
    'steps.pick': { type: 'object', properties: { case: { type: 'string', enum: ['a', 'b', 'default'] } }, additionalProperties: false },
    '$user': { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, roles: { type: 'array', items: { type: 'string' } } } },
    '$now': { type: 'string', format: 'date-time' },
  },
  unavailable: { 'steps.later': { ru: 'шаг «later» не выполняется раньше', en: 'step "later" does not run before this node' } },
};
const noRecord: ConditionScope = { roots: scope.roots, unavailable: { record: { ru: 'у триггера webhook нет записи', en: 'the webhook trigger gives the run no record' } } };

function codes(condition: unknown, at: ConditionScope = scope): string[] {
  return checkScopedCondition(condition, { app, scope: at }).map((issue) => `${issue.code} ${issue.path}`);
}

const values: ScopeValues = {
  record: { amount: 150000, title: 'Big', company: null },
  trigger: { body: { total: 42, kind: 'vip', tags: ['a'], nested: { flag: true }, empty: '' } },
  steps: { fetch: { status: 200, body: { ok: true, items: [{ id: 'x1' }] }, headers: { 'content-type': 'application/json' } }, pick: { case: 'a' } },
  $user: { id: USER_ID, roles: ['sales'] },
  $now: '2026-01-01T00:00:00.000Z',
};

function holds(condition: unknown, over: ScopeValues = values, at: ConditionScope = scope): boolean {
  return evaluateConditionInScope(condition, over, { app, scope: at, user: { id: USER_ID }, now: new Date('2026-01-01T00:00:00Z') });
}

describe('scoped conditions: checking', () => {
  it('accepts record fields (bare and record.), trigger, steps, $user and $now subjects', () => {
    expect(codes({ field: 'amount', op: 'gt', value: 5 })).toEqual([]);
    expect(codes({ field: 'record.company.city', op: 'eq', value: 'Kazan' })).toEqual([]);
    expect(codes({ field: 'trigger.body.total', op: 'gt', value: 10 })).toEqual([]);
    expect(codes({ field: 'steps.fetch.status', op: 'between', value: [200, 299] })).toEqual([]);
    expect(codes({ field: 'steps.fetch.headers.content-type', op: 'startsWith', value: 'application/' })).toEqual([]);
    expect(codes({ field: 'steps.pick.case', op: 'in', value: ['a', 'b'] })).toEqual([]);
    expect(codes({ field: '$user.roles', op: 'contains', value: 'sales' })).toEqual([]);
    expect(codes({ field: '$now', op: 'gt', value: '2025-01-01' })).toEqual([]);
  });

  it('types typed values from their schema: operators and operands must fit', () => {
    expect(codes({ field: 'steps.fetch.status', op: 'contains', value: '2' })).toEqual(['operator-not-allowed /op']);
    expect(codes({ field: 'steps.fetch.status', op: 'eq', value: 'ok' })).toEqual(['invalid-value /value']);
    expect(codes({ field: 'steps.pick.case', op: 'eq', value: 'c' })).toEqual(['unknown-option /value']);
    expect(codes({ field: 'steps.fetch.headers', op: 'eq', value: 'x' })).toEqual(['operator-not-allowed /op']);
  });

  it('refuses keys a typed output does not have, and subjects not available at the node', () => {
    expect(codes({ field: 'steps.fetch.code', op: 'eq', value: 1 })).toEqual(['unknown-key /field']);
    expect(codes({ field: 'steps.nowhere.x', op: 'eq', value: 1 })).toEqual(['unknown-key /field']);
    expect(codes({ field: 'steps.later.x', op: 'eq', value: 1 })).toEqual(['subject-unavailable /field']);
    expect(codes({ field: 'amount', op: 'gt', value: 1 }, noRecord)).toEqual(['subject-unavailable /field']);
    expect(codes({ field: 'record.amount', op: 'gt', value: 1 }, noRecord)).toEqual(['subject-unavailable /field']);
    expect(codes({ field: 'trigger.body.total', op: 'gt', value: 1 }, noRecord)).toEqual([]);
    const [issue] = checkScopedCondition({ field: 'record.amount', op: 'gt', value: 1 }, { app, scope: noRecord });
    expect(issue?.message.en).toBe('"record.amount" is not available here: the webhook trigger gives the run no record.');
  });

  it('takes the family of an untyped value from its operand', () => {
    expect(codes({ field: 'trigger.body.total', op: 'gte', value: 1 })).toEqual([]);
    expect(codes({ field: 'trigger.body.kind', op: 'gt', value: 'a' })).toEqual(['operator-not-allowed /op']);
    expect(codes({ field: 'trigger.body.flag', op: 'eq', value: true })).toEqual([]);
    expect(codes({ field: 'trigger.body.at', op: 'lt', value: '$now' })).toEqual([]);
    expect(codes({ field: 'trigger.body.x', op: 'isEmpty' })).toEqual([]);
  });

  it('keeps unscoped conditions and SQL to record fields: other roots are unknown fields there', () => {
    expect(checkCondition({ field: 'trigger.body.total', op: 'gt', value: 1 }, { app, entity: 'deal', allowTriggerOps: false }).map((i) => i.code)).toEqual(['unknown-field']);
    const sql = compileConditionToSql({ field: 'steps.fetch.status', op: 'eq', value: 200 }, { app, entity: 'deal' });
    expect(sql.ok).toBe(false);
    expect(sql.issues?.map((i) => i.code)).toEqual(['unknown-field']);
  });
});

describe('scoped conditions: evaluation', () => {
  it('reads every root', () => {
    expect(holds({ field: 'amount', op: 'gt', value: 100000 })).toBe(true);
    expect(holds({ field: 'record.title', op: 'eq', value: 'Big' })).toBe(true);
    expect(holds({ field: 'trigger.body.total', op: 'eq', value: 42 })).toBe(true);
    expect(holds({ field: 'trigger.body.nested.flag', op: 'eq', value: true })).toBe(true);
    expect(holds({ field: 'steps.fetch.status', op: 'between', value: [200, 299] })).toBe(true);
    expect(holds({ field: 'steps.fetch.body.items.0.id', op: 'eq', value: 'x1' })).toBe(true);
    expect(holds({ field: 'steps.pick.case', op: 'eq', value: 'b' })).toBe(false);
    expect(holds({ field: '$user.roles', op: 'contains', value: 'sales' })).toBe(true);
    expect(holds({ field: '$now', op: 'lt', value: { $now: 'P1D' } })).toBe(true);
  });

  it('compares an untyped value of another JSON type than the operand as empty', () => {
    expect(holds({ field: 'trigger.body.kind', op: 'eq', value: 5 })).toBe(false);
    expect(holds({ field: 'trigger.body.kind', op: 'ne', value: 5 })).toBe(true);
    expect(holds({ field: 'trigger.body.total', op: 'eq', value: '42' })).toBe(false);
  });

  it('treats untyped emptiness the same whatever the value is', () => {
    expect(holds({ field: 'trigger.body.total', op: 'isNotEmpty' })).toBe(true);
    expect(holds({ field: 'trigger.body.nested', op: 'isNotEmpty' })).toBe(true);
    expect(holds({ field: 'trigger.body.empty', op: 'isEmpty' })).toBe(true);
    expect(holds({ field: 'trigger.body.missing', op: 'isEmpty' })).toBe(true);
  });

  it('needs no record when no leaf reads one', () => {
    expect(holds({ field: 'trigger.body.total', op: 'gt', value: 40 }, { ...values, record: null }, noRecord)).toBe(true);
  });

  it('answers the same condition object anew for each run, and checks it again in another scope', () => {
    // The analysis is kept per definition, scope and condition object; the values never are.
    const big = { field: 'amount', op: 'gt', value: 100000 };
    expect(holds(big)).toBe(true);
    expect(holds(big, { ...values, record: { ...values.record, amount: 5 } })).toBe(false);
    const dueSoon = { field: 'trigger.body.at', op: 'lt', value: { $now: 'P1D' } };
    const at = (iso: string): ScopeValues => ({ ...values, trigger: { body: { at: iso } } });
    const ctx = (now: string) => ({ app, scope, user: { id: USER_ID }, now: new Date(now) });
    expect(evaluateConditionInScope(dueSoon, at('2026-01-01T12:00:00Z'), ctx('2026-01-01T00:00:00Z'))).toBe(true);
    expect(evaluateConditionInScope(dueSoon, at('2026-01-01T12:00:00Z'), ctx('2025-12-30T00:00:00Z'))).toBe(false);
    // Where the record is not available, the same object is refused, and refused every time.
    const readsRecord = { field: 'amount', op: 'gt', value: 1 };
    expect(holds(readsRecord)).toBe(true);
    expect(() => holds(readsRecord, { ...values, record: null }, noRecord)).toThrow();
    expect(() => holds(readsRecord, { ...values, record: null }, noRecord)).toThrow();
  });
});
