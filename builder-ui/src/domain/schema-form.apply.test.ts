import { describe, expect, it } from 'vitest';
import { changeWithin, insertItem, moveItem, removeItem } from './schema-form.apply.js';

describe('changeWithin', () => {
  it('keeps the path when every container on it exists', () => {
    expect(changeWithin({ escalation: { times: 1 } }, ['escalation', 'times'], 2)).toEqual({ path: ['escalation', 'times'], value: 2 });
    expect(changeWithin({ cases: [{ handle: 'a' }] }, ['cases', 0, 'handle'], 'b')).toEqual({ path: ['cases', 0, 'handle'], value: 'b' });
  });

  it('lifts a member of an absent object to a new object at the first absent container', () => {
    expect(changeWithin({ timeout: 'P1D' }, ['escalation', 'times'], 2)).toEqual({ path: ['escalation'], value: { times: 2 } });
    expect(changeWithin({}, ['retry', 'firstDelay'], 'PT5S')).toEqual({ path: ['retry'], value: { firstDelay: 'PT5S' } });
    expect(changeWithin(undefined, ['retry', 'attempts'], 3)).toEqual({ path: [], value: { retry: { attempts: 3 } } });
  });

  it('passes removal (undefined) through', () => {
    expect(changeWithin({ timeout: 'P1D' }, ['timeout'], undefined)).toEqual({ path: ['timeout'], value: undefined });
  });
});

describe('list edits', () => {
  it('inserts, removes and moves without touching the input', () => {
    const list = ['a', 'b', 'c'];
    expect(insertItem(list, 1, 'x')).toEqual(['a', 'x', 'b', 'c']);
    expect(removeItem(list, 0)).toEqual(['b', 'c']);
    expect(moveItem(list, 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(list, 2, 0)).toEqual(['c', 'a', 'b']);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});
