import { describe, expect, it } from 'vitest';
import { applyDraftChange, DraftPathError, valueAtPath, type DraftChange } from './definition-draft.apply.js';

interface Doc {
  name: string;
  items: Array<{ id: string; x?: number }>;
  meta?: { note?: string };
}

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && 'name' in value && 'items' in value && Array.isArray(value.items);
}

const start: Doc = { name: 'a', items: [{ id: 'n1', x: 1 }, { id: 'n2' }], meta: { note: 'keep' } };

function roundTrip(change: DraftChange): { after: Doc; undone: Doc } {
  const applied = applyDraftChange(start, change, isDoc);
  const undone = applyDraftChange(applied.document, applied.inverse, isDoc).document;
  return { after: applied.document, undone };
}

describe('draft changes and their inverses', () => {
  it('sets a member and undoes it exactly, sharing what did not change', () => {
    const { after, undone } = roundTrip({ label: 'Move', patches: [{ op: 'set', path: ['items', 0, 'x'], value: 5 }] });
    expect(after.items[0]).toEqual({ id: 'n1', x: 5 });
    expect(after.items[1]).toBe(start.items[1]);
    expect(after.meta).toBe(start.meta);
    expect(start.items[0]?.x).toBe(1);
    expect(undone).toEqual(start);
  });

  it('adds an absent member and removes it again on undo', () => {
    const { after, undone } = roundTrip({ label: 'Label', patches: [{ op: 'set', path: ['items', 1, 'x'], value: 2 }] });
    expect(after.items[1]).toEqual({ id: 'n2', x: 2 });
    expect(undone.items[1]).toEqual({ id: 'n2' });
    expect('x' in (undone.items[1] ?? {})).toBe(false);
  });

  it('inserts and removes list items, several patches undone in reverse order', () => {
    const change: DraftChange = {
      label: 'Paste',
      patches: [
        { op: 'insert', path: ['items', 2], value: { id: 'n3' } },
        { op: 'remove', path: ['items', 0] },
        { op: 'set', path: ['name'], value: 'b' },
      ],
    };
    const { after, undone } = roundTrip(change);
    expect(after.items.map((i) => i.id)).toEqual(['n2', 'n3']);
    expect(after.name).toBe('b');
    expect(undone).toEqual(start);
  });

  it('refuses a patch that does not fit and leaves the document as it was', () => {
    expect(() => applyDraftChange(start, { label: 'Bad', patches: [{ op: 'set', path: ['items', 9, 'x'], value: 1 }] }, isDoc)).toThrow(DraftPathError);
    expect(() => applyDraftChange(start, { label: 'Bad', patches: [{ op: 'remove', path: ['name'] }] }, isDoc)).toThrow(/list index/);
    expect(() => applyDraftChange(start, { label: 'Bad', patches: [{ op: 'set', path: ['items'], value: 'oops' }] }, isDoc)).toThrow(/another kind/);
    expect(start.items).toHaveLength(2);
  });

  it('reads values at paths', () => {
    expect(valueAtPath(start, ['items', 0, 'id'])).toBe('n1');
    expect(valueAtPath(start, ['items', 5, 'id'])).toBeUndefined();
    expect(valueAtPath(start, ['meta', 'toString'])).toBeUndefined();
  });
});
