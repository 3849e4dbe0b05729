/*
 * How the canvas takes a new mapping of the process's nodes: Vue Flow's setNodes rebuilds its node
 * list and lookup, and every node re-renders then, 300 of them for one selected node or one
 * arriving validation answer. When the nodes are the same ones in the same order (only their fields
 * changed), the changed ones are patched in place instead; anything else (added, removed,
 * reordered) is a full replacement. The mapping keeps an unchanged node the very same object, so
 * "changed" is a reference comparison. (Edges are not Vue Flow's: canvas/CanvasEdges.vue draws them.)
 */

export type CanvasSyncPlan<T> = { kind: 'replace' } | { kind: 'patch'; changed: T[] };

interface Element {
  id: string;
}

export function canvasSyncPlan<T extends Element>(previous: readonly T[] | null, next: readonly T[]): CanvasSyncPlan<T> {
  if (!previous || previous.length !== next.length) return { kind: 'replace' };
  const changed: T[] = [];
  for (let i = 0; i < next.length; i += 1) {
    const before = previous[i];
    const after = next[i];
    if (before === after) continue;
    if (!before || !after || before.id !== after.id) return { kind: 'replace' };
    changed.push(after);
  }
  return { kind: 'patch', changed };
}

