/*
 * Where an edge of the canvas starts and ends, from what Vue Flow measured of its two nodes: the
 * node's place on the canvas and its connection points (handle bounds, relative to the node). The
 * same arithmetic as Vue Flow's own edges (getHandlePosition): an output on the right starts the
 * line at its right edge's middle, an input on the left ends it at its left edge's middle. Pure;
 * each edge of the canvas is drawn from it (canvas/CanvasEdges.vue says why Vue Flow's are not used).
 */

export type Side = 'left' | 'right' | 'top' | 'bottom';

/** One measured connection point, relative to its node (Vue Flow's HandleElement). */
export interface HandleBox {
  id?: string | null;
  position: Side;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node as the edges need it: where it is, and its connection points once measured (null or empty before). */
export interface NodeBox {
  x: number;
  y: number;
  source: readonly HandleBox[] | null | undefined;
  target: readonly HandleBox[] | null | undefined;
}

export interface EdgeEnds {
  sourceX: number;
  sourceY: number;
  sourcePosition: Side;
  targetX: number;
  targetY: number;
  targetPosition: Side;
}

/** The named point, or the first when no name is given; null when it is not measured (yet). */
export function handleOf(handles: readonly HandleBox[] | null | undefined, id: string | null): HandleBox | null {
  if (!handles || handles.length === 0) return null;
  return (id ? handles.find((h) => h.id === id) : handles[0]) ?? null;
}

/** The point on a handle where a line meets it: the middle of the side it faces. */
export function handlePoint(node: NodeBox, handle: HandleBox): { x: number; y: number } {
  const x = node.x + handle.x;
  const y = node.y + handle.y;
  switch (handle.position) {
    case 'top':
      return { x: x + handle.width / 2, y };
    case 'right':
      return { x: x + handle.width, y: y + handle.height / 2 };
    case 'bottom':
      return { x: x + handle.width / 2, y: y + handle.height };
    case 'left':
      return { x, y: y + handle.height / 2 };
  }
}

/**
 * The two ends of an edge from `sourceHandle` of `source` to `targetHandle` of `target`; null
 * while either point is not measured (the edge is drawn once both are).
 */
export function edgeEnds(source: NodeBox, sourceHandle: string | null, target: NodeBox, targetHandle: string | null): EdgeEnds | null {
  const from = handleOf(source.source, sourceHandle);
  const to = handleOf(target.target, targetHandle);
  if (!from || !to) return null;
  const start = handlePoint(source, from);
  const end = handlePoint(target, to);
  return { sourceX: start.x, sourceY: start.y, sourcePosition: from.position, targetX: end.x, targetY: end.y, targetPosition: to.position };
}

