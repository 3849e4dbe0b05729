import type { GraphNode, Styles } from '@vue-flow/core';
import type { CanvasNode } from '../../../domain/process-graph.mapping.js';

/*
 * A node is placed by its offset (left / top) rather than Vue Flow's `transform: translate(...)`.
 * Every transformed element is a paint chunk of its own for Chromium: with 300 nodes (and their 900
 * connection points, ProcessNode.vue) each frame of a drag spent about 5 ms merging chunks into
 * layers (PaintArtifactCompositor::Update), and a drag frame took 10-12 ms instead of 7-8. Placed
 * by offset, the nodes share one chunk and moving one lays out only that node. Vue Flow spreads a
 * node's style after its own transform, so this one wins, and it follows the node's position.
 */
export function placedByOffset(node: Pick<GraphNode, 'computedPosition'>): Styles {
  return { transform: 'none', left: `${node.computedPosition.x}px`, top: `${node.computedPosition.y}px` };
}

/** The node as handed to Vue Flow: the same node, placed by offset (one shared function, so an equal node stays equal). */
export function placed(node: CanvasNode): CanvasNode & { style: typeof placedByOffset } {
  return { ...node, style: placedByOffset };
}
