import { describe, expect, it } from 'vitest';
import { keepUnchangedParts } from './unchanged-parts.rules.js';

describe('keepUnchangedParts', () => {
  const held = {
    entities: [
      { id: 'e1', name: 'deal', fields: [{ name: 'amount', type: 'number' }] },
      { name: 'lead', fields: [{ name: 'title', type: 'text' }] },
    ],
    processes: [{ name: 'robots', nodes: [{ id: 'n1', config: { title: 'Call «{{ record.title }}»' } }] }],
  };

  it('gives back the held document itself when the server sent the same', () => {
    expect(keepUnchangedParts(held, structuredClone(held))).toBe(held);
  });

  it('keeps every unchanged part as the held object and takes what the server changed', () => {
    const answer = structuredClone(held);
    // The server gave the new entity its stable id.
    answer.entities[1] = { id: 'e2', ...answer.entities[1]! };
    const merged = keepUnchangedParts(held, answer);
    expect(merged).toEqual(answer);
    expect(merged).not.toBe(held);
    expect(merged.processes).toBe(held.processes);
    expect(merged.entities[0]).toBe(held.entities[0]);
    expect(merged.entities[1]).not.toBe(held.entities[1]);
    expect(merged.entities[1]?.fields).toBe(held.entities[1]?.fields);
  });

  it('takes added, removed and reordered items and keys as the server has them', () => {
    const shorter = { ...structuredClone(held), entities: structuredClone(held.entities).slice(0, 1) };
    expect(keepUnchangedParts(held, shorter).entities).toEqual(shorter.entities);
    expect(keepUnchangedParts(held, shorter).entities[0]).toBe(held.entities[0]);
    const reordered = { ...structuredClone(held), entities: structuredClone(held.entities).reverse() };
    expect(keepUnchangedParts(held, reordered).entities.map((e) => e.name)).toEqual(['lead', 'deal']);
    const { processes: _dropped, ...withoutProcesses } = structuredClone(held);
    expect(Object.keys(keepUnchangedParts(held, withoutProcesses))).toEqual(['entities']);
    expect(keepUnchangedParts({ a: 1 }, { a: 1, b: undefined })).toEqual({ a: 1, b: undefined });
  });

  it('takes a value that changed type, and leaves scalars as sent', () => {
    expect(keepUnchangedParts({ a: [1] }, { a: { 0: 1 } })).toEqual({ a: { 0: 1 } });
    expect(keepUnchangedParts(null, { a: 1 })).toEqual({ a: 1 });
    expect(keepUnchangedParts('x', 'y')).toBe('y');
    expect(keepUnchangedParts(Number.NaN, Number.NaN)).toBeNaN();
  });
});
