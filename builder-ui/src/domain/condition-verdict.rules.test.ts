import { describe, expect, it } from 'vitest';
import { subjectsAtNode } from '@crm/schemas';
import { conditionApp, conditionProcess } from './condition-app.fixture.js';
import { conditionIssues, verdictOn } from './condition-verdict.rules.js';

/* ✓ / ✗ and problems come from the server's own checker and evaluator. */

const recordCtx = { app: conditionApp, entity: 'deal', subjects: undefined, triggerOps: false };
const scopeCtx = { app: conditionApp, entity: undefined, subjects: subjectsAtNode(conditionApp, conditionProcess, 'check'), triggerOps: false };
const big = { field: 'amount', op: 'gt', value: 100000 };

describe('verdictOn', () => {
  it('tests a record of the entity', () => {
    expect(verdictOn(big, { amount: 150000 }, recordCtx)).toBe(true);
    expect(verdictOn(big, { amount: 5 }, recordCtx)).toBe(false);
    expect(verdictOn(big, undefined, recordCtx)).toBeUndefined();
  });

  it('reads the run’s values in a process node; a bare sample is the record', () => {
    const scoped = { field: 'record.amount', op: 'gt', value: 100000 };
    expect(verdictOn(scoped, { record: { amount: 150000 } }, scopeCtx)).toBe(true);
    expect(verdictOn(scoped, { amount: 150000 }, scopeCtx)).toBe(true);
    expect(verdictOn({ field: 'steps.score.score', op: 'gte', value: 1 }, { record: { amount: 1 }, steps: { score: { score: 2 } } }, scopeCtx)).toBe(true);
  });

  it('has no verdict for a clause the checker refuses', () => {
    expect(verdictOn({ field: 'amount', op: 'contains', value: 'x' }, { amount: 1 }, recordCtx)).toBeUndefined();
  });
});

describe('conditionIssues', () => {
  it('points at the clause with the problem', () => {
    const issues = conditionIssues({ and: [big, { field: 'nope', op: 'eq', value: 1 }] }, recordCtx);
    expect(issues.map((i) => [i.path, i.code])).toEqual([['/and/1/field', 'unknown-field']]);
  });

  it('refuses changed outside triggers and allows it in them', () => {
    const changed = { field: 'stage', op: 'changed' };
    expect(conditionIssues(changed, recordCtx).map((i) => i.code)).toEqual(['trigger-only-operator']);
    expect(conditionIssues(changed, { ...recordCtx, triggerOps: true })).toEqual([]);
  });

  it('refuses a step that cannot have run before the node', () => {
    const early = subjectsAtNode(conditionApp, conditionProcess, 'score');
    expect(conditionIssues({ field: 'steps.check.result', op: 'eq', value: true }, { ...scopeCtx, subjects: early }).map((i) => i.code)).toEqual(['subject-unavailable']);
  });
});
