import type { Node, Process } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { CYCLE_BREAKING_NODE_TYPES, DEFAULT_HANDLE, nodeOutputHandles } from '../process/node-handle.catalog.js';
import { stronglyConnected } from '../process/graph-components.rules.js';
import { issue, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { words } from './subject.words.js';

/*
 * The process graph: the trigger leads somewhere, edges join existing nodes through handles those
 * nodes have, every node is reachable from the trigger, every branch is connected, and every cycle
 * passes through a node that waits or iterates (wait, approval, loop).
 */

export const TRIGGER_ID = 'trigger';

interface Graph {
  /** First node per id (duplicates are reported elsewhere). */
  nodes: Map<string, { node: Node; index: number }>;
  /** Valid edges only: from (node id or trigger) -> to (node id). */
  next: Map<string, string[]>;
  /** Handles used per node id. */
  usedHandles: Map<string, Set<string>>;
}

function edgeIssues(process: Process, at: string, graph: Graph): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const scope = { process: process.name };
  process.edges.forEach((edge, k) => {
    const edgeAt = joinPointer(at, 'edges', k);
    const handle = edge.handle ?? DEFAULT_HANDLE;
    const handlePointer = edge.handle === undefined ? edgeAt : joinPointer(edgeAt, 'handle');
    let valid = true;
    if (edge.to === TRIGGER_ID) {
      issues.push(issue('EDGE_TO_TRIGGER', joinPointer(edgeAt, 'to'), m.edgeToTrigger(process.name), scope));
      valid = false;
    } else if (!graph.nodes.has(edge.to)) {
      issues.push(issue('UNKNOWN_NODE', joinPointer(edgeAt, 'to'), m.unknownNode(process.name, edge.to), scope));
      valid = false;
    }
    if (edge.from === TRIGGER_ID) {
      if (handle !== DEFAULT_HANDLE) {
        issues.push(issue('UNKNOWN_HANDLE', handlePointer, m.unknownHandle(words.trigger(process.name), handle, [DEFAULT_HANDLE]), scope));
        valid = false;
      }
    } else {
      const from = graph.nodes.get(edge.from);
      if (!from) {
        issues.push(issue('UNKNOWN_NODE', joinPointer(edgeAt, 'from'), m.unknownNode(process.name, edge.from), scope));
        valid = false;
      } else {
        const allowed = nodeOutputHandles(from.node).map((h) => h.handle);
        if (!allowed.includes(handle)) {
          const where = words.node(process.name, edge.from);
          issues.push(issue('UNKNOWN_HANDLE', handlePointer, m.unknownHandle(where, handle, allowed), { ...scope, nodeId: edge.from }));
          valid = false;
        }
      }
    }
    if (!valid) return;
    graph.next.set(edge.from, [...(graph.next.get(edge.from) ?? []), edge.to]);
    const used = graph.usedHandles.get(edge.from) ?? new Set<string>();
    used.add(handle);
    graph.usedHandles.set(edge.from, used);
  });
  return issues;
}

function reachable(graph: Graph): Set<string> {
  const seen = new Set<string>();
  const queue = [...(graph.next.get(TRIGGER_ID) ?? [])];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(graph.next.get(id) ?? []));
  }
  return seen;
}

function cycleIssues(process: Process, at: string, graph: Graph): DefinitionIssue[] {
  return stronglyConnected(graph.nodes.keys(), graph.next).flatMap((component) => {
    const [first] = component;
    if (first === undefined) return [];
    const isCycle = component.length > 1 || (graph.next.get(first) ?? []).includes(first);
    if (!isCycle) return [];
    if (component.some((id) => CYCLE_BREAKING_NODE_TYPES.has(graph.nodes.get(id)?.node.type ?? 'end'))) return [];
    const index = graph.nodes.get(first)?.index ?? 0;
    return [issue('CYCLE', joinPointer(at, 'nodes', index), m.cycle(process.name, component), { process: process.name, nodeId: first })];
  });
}

export function checkGraph(_ctx: RuleContext, process: Process, at: string): DefinitionIssue[] {
  const graph: Graph = { nodes: new Map(), next: new Map(), usedHandles: new Map() };
  process.nodes.forEach((node, index) => {
    if (node.id !== TRIGGER_ID && !graph.nodes.has(node.id)) graph.nodes.set(node.id, { node, index });
  });
  const issues = edgeIssues(process, at, graph);
  if (!graph.next.has(TRIGGER_ID)) issues.push(issue('TRIGGER_NOT_CONNECTED', joinPointer(at, 'trigger'), m.triggerNotConnected(process.name), { process: process.name }));
  const reached = reachable(graph);
  for (const [id, { node, index }] of graph.nodes) {
    const nodeAt = joinPointer(at, 'nodes', index);
    const scope = { process: process.name, nodeId: id };
    if (!reached.has(id)) issues.push(issue('ORPHAN_NODE', nodeAt, m.orphanNode(process.name, id), scope));
    const used = graph.usedHandles.get(id) ?? new Set<string>();
    for (const { handle, required } of nodeOutputHandles(node)) {
      if (required && !used.has(handle)) issues.push(issue('UNCONNECTED_HANDLE', nodeAt, m.unconnectedHandle(process.name, id, handle), scope));
    }
  }
  return [...issues, ...cycleIssues(process, at, graph)];
}
