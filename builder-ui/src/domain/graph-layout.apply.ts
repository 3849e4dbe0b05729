import dagre from '@dagrejs/dagre';
import type { Process } from '@crm/schemas';
import type { DraftChange } from './definition-draft.apply.js';
import { moveNodesChange, type ProcessRef } from './process-graph.apply.js';

/*
 * Auto-layout: dagre ranks the graph left to right (trigger first) and the result is one move
 * change, so it is undone in one step like any other edit. The trigger has no stored position: the
 * mapping puts it left of the nodes it leads to, which is where dagre puts it too.
 */

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 76;

export function layoutPositions(process: Process): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode('trigger', { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const node of process.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of process.edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const trigger = graph.node('trigger');
  // Positions relative to the trigger, which the mapping draws left of the leftmost node.
  const dx = trigger?.x ?? 0;
  const dy = trigger?.y ?? 0;
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of process.nodes) {
    const laid = graph.node(node.id);
    if (laid) positions.set(node.id, { x: laid.x - dx, y: laid.y - dy });
  }
  return positions;
}

export function autoLayoutChange(ref: ProcessRef, label: string): DraftChange | null {
  const positions = layoutPositions(ref.process);
  return moveNodesChange(ref, [...positions].map(([id, position]) => ({ id, position })), label);
}
