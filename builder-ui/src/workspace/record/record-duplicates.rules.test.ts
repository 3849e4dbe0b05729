import { describe, expect, it } from 'vitest';
import { duplicatesFromState, duplicatesIn, duplicatesOfCreated } from './record-duplicates.rules.js';

const match = { id: 'a1', display: 'Иван Петров', matchedOn: ['phone'] };

describe('record duplicates', () => {
  it('reads the matches of a create answer, and none when it has no _duplicates', () => {
    expect(duplicatesOfCreated({ id: 'n1', _duplicates: [match] })).toEqual([match]);
    expect(duplicatesOfCreated({ id: 'n1' })).toEqual([]);
  });

  it('keeps only well-formed matches', () => {
    expect(duplicatesIn([match, { id: 5 }, null, { id: 'b', display: null, matchedOn: ['email', 3] }, { id: 'c', display: null, matchedOn: [] }])).toEqual([
      match,
      { id: 'c', display: null, matchedOn: [] },
    ]);
    expect(duplicatesIn('nope')).toEqual([]);
  });

  it('takes history state only for the record it was left for', () => {
    const state = { back: '/x', duplicatesOf: 'n1', duplicates: [match] };
    expect(duplicatesFromState(state, 'n1')).toEqual([match]);
    expect(duplicatesFromState(state, 'n2')).toEqual([]);
    expect(duplicatesFromState(null, 'n1')).toEqual([]);
  });
});
