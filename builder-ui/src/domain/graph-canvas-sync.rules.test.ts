import { describe, expect, it } from 'vitest';
import { canvasSyncPlan } from './graph-canvas-sync.rules.js';

const a = { id: 'a', v: 1 };
const b = { id: 'b', v: 1 };

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
});
