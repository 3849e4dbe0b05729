import { describe, expect, it } from 'vitest';
import { canvasSyncPlan, sameEdgeEnds } from './graph-canvas-sync.rules.js';

const a = { id: 'a', v: 1 };
const b = { id: 'b', v: 1 };
const edge = { id: 'e', source: 'a', target: 'b', sourceHandle: 'yes', targetHandle: 'in' };

describe('canvasSyncPlan', () => {
  it('replaces on the first sync and when elements are added or removed', () => {
    expect(canvasSyncPlan(null, [a])).toEqual({ kind: 'replace' });
    expect(canvasSyncPlan([a], [a, b])).toEqual({ kind: 'replace' });
    expect(canvasSyncPlan([a, b], [a])).toEqual({ kind: 'replace' });
  });

  it('replaces when the order or an id changed', () => {
    expect(canvasSyncPlan([a, b], [b, a])).toEqual({ kind: 'replace' });
    expect(canvasSyncPlan([a], [{ id: 'c', v: 1 }])).toEqual({ kind: 'replace' });
  });

  it('patches only the elements that are new objects', () => {
    const a2 = { id: 'a', v: 2 };
    expect(canvasSyncPlan([a, b], [a2, b])).toEqual({ kind: 'patch', changed: [a2] });
    expect(canvasSyncPlan([a, b], [a, b])).toEqual({ kind: 'patch', changed: [] });
  });

  it('replaces an edge that moved to another node or handle', () => {
    const moved = { ...edge, sourceHandle: 'no' };
    expect(canvasSyncPlan([edge], [moved], sameEdgeEnds)).toEqual({ kind: 'replace' });
    const restyled = { ...edge, selected: true };
    expect(canvasSyncPlan([edge], [restyled], sameEdgeEnds)).toEqual({ kind: 'patch', changed: [restyled] });
  });
});

describe('sameEdgeEnds', () => {
  it('treats a missing handle as null', () => {
    expect(sameEdgeEnds({ source: 'a', target: 'b' }, { source: 'a', target: 'b', sourceHandle: null })).toBe(true);
    expect(sameEdgeEnds({ source: 'a', target: 'b' }, { source: 'a', target: 'c' })).toBe(false);
  });
});
