import { describe, expect, it } from 'vitest';
import {
  addChild,
  newGroup,
  newLeaf,
  nodeAt,
  operatorsFor,
  pointerPath,
  removeAt,
  setGroupKind,
  setLeafField,
  setLeafOperator,
  setLeafValue,
  toggleNot,
} from './condition-tree.apply.js';

/* Edits of the condition tree as the editor makes them; the input is never changed. */

const amount = { field: 'amount', op: 'gt', value: 100000 };
const stage = { field: 'stage', op: 'eq', value: 'negotiation' };

describe('adding', () => {
  it('starts a tree with its first clause and turns a lone clause into an and-group', () => {
    expect(addChild(undefined, [], amount)).toEqual(amount);
    expect(addChild(amount, [], stage)).toEqual({ and: [amount, stage] });
  });

  it('appends to the group at the path, nested groups included', () => {
    const tree = { and: [amount, { or: [stage] }] };
    const next = addChild(tree, ['and', 1], { field: 'hot', op: 'eq', value: true });
    expect(next).toEqual({ and: [amount, { or: [stage, { field: 'hot', op: 'eq', value: true }] }] });
    expect(tree).toEqual({ and: [amount, { or: [stage] }] });
    expect(addChild(tree, [], newGroup('or', newLeaf('amount', 'number')))).toEqual({ and: [amount, { or: [stage] }, { or: [{ field: 'amount', op: 'eq', value: null }] }] });
  });

  it('gives a new clause the family’s first operator and an empty operand', () => {
    expect(newLeaf('hot', 'boolean')).toEqual({ field: 'hot', op: 'eq', value: true });
    expect(newLeaf('contract', 'file')).toEqual({ field: 'contract', op: 'isEmpty' });
  });
});

describe('removing and wrapping', () => {
  it('removes a clause from its group, a negated clause with its not, and the root to nothing', () => {
    expect(removeAt({ and: [amount, stage] }, ['and', 0])).toEqual({ and: [stage] });
    expect(removeAt({ and: [{ not: amount }, stage] }, ['and', 0, 'not'])).toEqual({ and: [stage] });
    expect(removeAt(amount, [])).toBeUndefined();
  });

  it('wraps in not and unwraps, and switches a group between and / or', () => {
    const wrapped = toggleNot({ and: [amount, stage] }, ['and', 1]);
    expect(wrapped).toEqual({ and: [amount, { not: stage }] });
    expect(toggleNot(wrapped, ['and', 1])).toEqual({ and: [amount, stage] });
    expect(setGroupKind({ and: [amount, stage] }, [], 'or')).toEqual({ or: [amount, stage] });
  });
});

describe('editing a clause', () => {
  it('keeps the value when the new operator takes the same operand, resets it when the shape changes', () => {
    expect(setLeafOperator(amount, [], 'gte', 'number')).toEqual({ field: 'amount', op: 'gte', value: 100000 });
    expect(setLeafOperator(amount, [], 'in', 'number')).toEqual({ field: 'amount', op: 'in', value: [] });
    expect(setLeafOperator(amount, [], 'between', 'number')).toEqual({ field: 'amount', op: 'between', value: [null, null] });
    expect(setLeafOperator(amount, [], 'isEmpty', 'number')).toEqual({ field: 'amount', op: 'isEmpty' });
  });

  it('keeps an operator the new field takes, else picks its first, and resets the value', () => {
    expect(setLeafField(amount, [], 'close_date', 'date', false)).toEqual({ field: 'close_date', op: 'gt', value: null });
    expect(setLeafField(amount, [], 'stage', 'enum', false)).toEqual({ field: 'stage', op: 'eq', value: null });
  });

  it('sets a value at a nested clause', () => {
    expect(setLeafValue({ or: [amount] }, ['or', 0], 5)).toEqual({ or: [{ field: 'amount', op: 'gt', value: 5 }] });
  });

  it('offers trigger operators only where they are allowed, and every operator for an untyped value', () => {
    expect(operatorsFor('boolean', false)).toEqual(['eq', 'ne', 'isEmpty', 'isNotEmpty']);
    expect(operatorsFor('boolean', true)).toContain('changedTo');
    expect(operatorsFor(undefined, false)).toEqual(expect.arrayContaining(['gt', 'contains', 'in']));
  });
});

describe('issue pointers', () => {
  it('reads a checker pointer as a tree path', () => {
    expect(pointerPath('/and/1/value')).toEqual(['and', 1, 'value']);
    expect(pointerPath('')).toEqual([]);
    expect(nodeAt({ and: [amount, stage] }, ['and', 1])).toEqual(stage);
  });
});
