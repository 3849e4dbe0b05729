/*
 * How the canvas takes a new mapping of the process: Vue Flow's setNodes / setEdges rebuild its
 * node and edge lists, and every edge re-renders then (each looks its nodes up in a map rebuilt
 * from the list), 350 edges for one selected node or one arriving validation answer. When the
 * elements are the same ones in the same order (only their fields changed), the changed elements
 * are patched in place instead; anything else (added, removed, reordered, an edge re-attached) is
 * a full replacement. The mapping keeps an unchanged element the very same object, so "changed"
 * is a reference comparison.
 */

export type CanvasSyncPlan<T> = { kind: 'replace' } | { kind: 'patch'; changed: T[] };

interface Element {
  id: string;
}

interface EdgeEnds {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export function canvasSyncPlan<T extends Element>(previous: readonly T[] | null, next: readonly T[], sameEnds: (a: T, b: T) => boolean = () => true): CanvasSyncPlan<T> {
  if (!previous || previous.length !== next.length) return { kind: 'replace' };
  const changed: T[] = [];
  for (let i = 0; i < next.length; i += 1) {
    const before = previous[i];
    const after = next[i];
    if (before === after) continue;
    if (!before || !after || before.id !== after.id || !sameEnds(before, after)) return { kind: 'replace' };
    changed.push(after);
  }
  return { kind: 'patch', changed };
}

/** An edge moved to other nodes or handles must be re-registered by Vue Flow (its connection lookup). */
export function sameEdgeEnds(a: EdgeEnds, b: EdgeEnds): boolean {
  return a.source === b.source && a.target === b.target && (a.sourceHandle ?? null) === (b.sourceHandle ?? null) && (a.targetHandle ?? null) === (b.targetHandle ?? null);
}
