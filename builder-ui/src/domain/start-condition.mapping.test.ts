import { describe, expect, it } from 'vitest';
import { conditionOf, conditionOn, conditionQuestions, withPerson } from './start-condition.mapping.js';

/* The editor of a start-form question's condition: what it may depend on, and what each edit leaves. */

const ROWS = [
  { name: 'urgency', type: 'enum', options: [{ value: 'urgent' }] },
  { name: 'note', type: 'text' },
  {},
  { name: 'boss', type: 'user' },
  { name: 'flag', type: 'boolean' },
];

describe('a start-form question’s condition in the builder', () => {
  it('may depend on the named questions above it with answers to list', () => {
    expect(conditionQuestions(ROWS, 4).map((q) => q.name)).toEqual(['urgency', 'boss']);
    expect(conditionQuestions(ROWS, 0)).toEqual([]);
  });

  it('reads a condition, keeping only answers it can hold', () => {
    expect(conditionOf({ question: 'urgency', in: ['urgent', { x: 1 }, true] })).toEqual({ question: 'urgency', in: ['urgent', true] });
    expect(conditionOf(undefined)).toBeNull();
    expect(conditionOf({ in: [] })).toBeNull();
  });

  it('starts a yes/no condition at "yes", others with nothing listed', () => {
    expect(conditionOn({ name: 'flag', type: 'boolean' })).toEqual({ question: 'flag', in: [true] });
    expect(conditionOn({ name: 'urgency', type: 'enum' })).toEqual({ question: 'urgency', in: [] });
  });

  it('adds, replaces and removes people, never twice', () => {
    const none = { question: 'boss', in: [] };
    const one = withPerson(none, 0, 'a');
    expect(one.in).toEqual(['a']);
    expect(withPerson(one, 1, 'b').in).toEqual(['a', 'b']);
    expect(withPerson(withPerson(one, 1, 'b'), 0, 'c').in).toEqual(['c', 'b']);
    expect(withPerson(withPerson(one, 1, 'b'), 0, null).in).toEqual(['b']);
    expect(withPerson(one, 1, 'a').in).toEqual(['a']);
  });
});
