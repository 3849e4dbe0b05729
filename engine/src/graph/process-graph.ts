import { DEFAULT_HANDLE, type Edge, type Node, type Process } from '@crm/schemas';

/*
 * A process as the engine walks it: nodes by id, outgoing edges by node and handle, incoming edge
 * counts (a join waits for that many arrivals). Built once per process version and cached with it.
 */

export const TRIGGER_NODE = 'trigger';

export interface ProcessGraph {
  readonly process: Process;
  node(id: string): Node | undefined;
  /** The nodes an edge leaving `from` through `handle` leads to, in definition order. */
  next(from: string, handle: string): string[];
  /** How many edges enter `nodeId`. */
  incoming(nodeId: string): number;
}

function handleOf(edge: Edge): string {
  return edge.handle ?? DEFAULT_HANDLE;
}

export function buildProcessGraph(process: Process): ProcessGraph {
  const nodes = new Map(process.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  for (const edge of process.edges) {
    const key = `${edge.from}\u0000${handleOf(edge)}`;
    outgoing.set(key, [...(outgoing.get(key) ?? []), edge.to]);
    incoming.set(edge.to, (incoming.get(edge.to) ?? 0) + 1);
  }
  return {
    process,
    node: (id) => nodes.get(id),
    next: (from, handle) => outgoing.get(`${from}\u0000${handle}`) ?? [],
    incoming: (nodeId) => incoming.get(nodeId) ?? 0,
  };
}

const graphs = new WeakMap<Process, ProcessGraph>();

/** The graph of a process object, built on first use (process objects of a published version never change). */
export function graphOf(process: Process): ProcessGraph {
  let graph = graphs.get(process);
  if (!graph) {
    graph = buildProcessGraph(process);
    graphs.set(process, graph);
  }
  return graph;
}
