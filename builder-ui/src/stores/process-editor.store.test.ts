import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SimulateResponse } from '@crm/schemas';
import { useProcessEditorStore } from './process-editor.store.js';

const RUN: SimulateResponse = { process: 'a', version: 1, triggerMatched: true, status: 'completed', error: null, path: [], steps: [], effects: [], record: null };

describe('the process editor store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('keeps the selection, panels and test run of the open process and forgets them for another', () => {
    const editor = useProcessEditorStore();
    editor.applyOpen('a');
    editor.applySelection(['check'], ['e0']);
    editor.applyTestRun(RUN);
    editor.applyPanel('problems', true);
    editor.applySearch('amount');
    editor.applyOpen('a');
    expect([...editor.selectedNodes]).toEqual(['check']);
    expect(editor.testRun).toBe(RUN);
    editor.applyOpen('b');
    expect(editor.selectedNodes.size).toBe(0);
    expect(editor.selectedEdges.size).toBe(0);
    expect(editor.testRun).toBeNull();
    expect(editor.searchQuery).toBe('');
    // Panels are the analyst's layout, kept across processes.
    expect(editor.panels.problems).toBe(true);
  });

  it('shifts each paste of the same clipboard further, and starts over for a new one', () => {
    const editor = useProcessEditorStore();
    editor.applyClipboard({ nodes: [{ id: 'x', type: 'end' }], edges: [] });
    expect(editor.applyPasted()).toBe(40);
    expect(editor.applyPasted()).toBe(80);
    editor.applyClipboard({ nodes: [{ id: 'y', type: 'end' }], edges: [] });
    expect(editor.applyPasted()).toBe(40);
  });
});
