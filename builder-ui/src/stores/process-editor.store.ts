import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SimulateResponse } from '@crm/schemas';
import type { Clipboard } from '../domain/process-graph.apply.js';

/*
 * What the process designer shows around the process: the selection, the clipboard, the Ctrl+F
 * query, which panels are open, the last test run and the viewport. The process itself lives in
 * the draft store (one document, one undo stack); nothing here is a copy of it.
 */

export type EditorPanel = 'problems' | 'testRun' | 'minimap' | 'search';

const NO_IDS: ReadonlySet<string> = new Set();

export const useProcessEditorStore = defineStore('process-editor', () => {
  const processName = ref<string | null>(null);
  const selectedNodes = shallowRef<ReadonlySet<string>>(NO_IDS);
  const selectedEdges = shallowRef<ReadonlySet<string>>(NO_IDS);
  const clipboard = shallowRef<Clipboard | null>(null);
  /** How many times the clipboard was pasted, so each paste lands a step further. */
  const pasteCount = ref(0);
  const searchQuery = ref('');
  const panels = ref<Record<EditorPanel, boolean>>({ problems: false, testRun: false, minimap: true, search: false });
  const testRun = shallowRef<SimulateResponse | null>(null);
  const viewport = ref<{ x: number; y: number; zoom: number } | null>(null);

  /** Opens a process: a different one starts with nothing selected and no test run painted. */
  function applyOpen(name: string): void {
    if (processName.value === name) return;
    processName.value = name;
    selectedNodes.value = NO_IDS;
    selectedEdges.value = NO_IDS;
    testRun.value = null;
    searchQuery.value = '';
    viewport.value = null;
  }

  function applySelection(nodes: Iterable<string>, edges: Iterable<string> = []): void {
    selectedNodes.value = new Set(nodes);
    selectedEdges.value = new Set(edges);
  }

  function applyClipboard(next: Clipboard | null): void {
    clipboard.value = next;
    pasteCount.value = 0;
  }

  /** The offset of the next paste: 40 px further each time. */
  function applyPasted(): number {
    pasteCount.value += 1;
    return pasteCount.value * 40;
  }

  function applySearch(query: string): void {
    searchQuery.value = query;
  }

  function applyPanel(panel: EditorPanel, open: boolean): void {
    panels.value = { ...panels.value, [panel]: open };
  }

  function applyTestRun(result: SimulateResponse | null): void {
    testRun.value = result;
  }

  function applyViewport(next: { x: number; y: number; zoom: number }): void {
    viewport.value = next;
  }

  return {
    processName,
    selectedNodes,
    selectedEdges,
    clipboard,
    pasteCount,
    searchQuery,
    panels,
    testRun,
    viewport,
    applyOpen,
    applySelection,
    applyClipboard,
    applyPasted,
    applySearch,
    applyPanel,
    applyTestRun,
    applyViewport,
  };
});
