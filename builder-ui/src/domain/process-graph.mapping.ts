import { DEFAULT_HANDLE, NODE_TYPES, nodeOutputHandles, triggerRecordEntity, type App, type LocalizedMessage, type LocalizedText, type Node, type Process, type SimulateResponse, type SimulateStep } from '@crm/schemas';
import type { ProcessProblem } from './draft-issues.mapping.js';
import type { GraphLint } from './graph-lint.rules.js';
import { NODE_WIDTH } from './graph-layout.apply.js';
import { handleLabel, nodeSummary, triggerSummary } from './process-node.summary.rules.js';

/*
 * Process -> the nodes and edges Vue Flow draws. Pure, and memoised per node and per edge: the
 * draft shares every node object an edit did not touch, so a node whose object, badges, paint and
 * selection are unchanged keeps the very same mapped object and Vue Flow does not re-render it; an
 * edge likewise (Vue Flow copies an edge's fields onto its own, so a fresh `data` object on every
 * edge re-rendered all 300 edges whenever one node was selected). That is what keeps a 300-node
 * process smooth while the analyst types into one node's config or clicks through its steps.
 */

export const TRIGGER_NODE = 'trigger';

export interface CanvasHandle {
  id: string;
  label: LocalizedText | null;
  required: boolean;
  connected: boolean;
}

export interface CanvasBadge {
  severity: 'error' | 'warning';
  messages: LocalizedMessage[];
}

export type PaintState = 'taken' | 'skipped' | null;

export interface CanvasNodeData {
  nodeType: Node['type'] | 'trigger';
  title: LocalizedText;
  typeLabel: LocalizedText;
  summary: LocalizedText | null;
  handles: CanvasHandle[];
  /** Whether edges may come in (everything but the trigger). */
  hasInput: boolean;
  badge: CanvasBadge | null;
  paint: PaintState;
  step: SimulateStep | null;
  /** A Ctrl+F match. */
  match: boolean;
}

export interface CanvasNode {
  id: string;
  type: 'process';
  position: { x: number; y: number };
  data: CanvasNodeData;
  selected: boolean;
  /** The trigger is drawn where the nodes are; it has no position of its own to drag. */
  draggable: boolean;
}

export interface CanvasEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
  selected: boolean;
  class: string;
  animated: boolean;
  data: { index: number; badge: CanvasBadge | null; paint: PaintState };
}

export interface GraphMappingInput {
  app: App;
  process: Process;
  problems: readonly ProcessProblem[];
  lints: readonly GraphLint[];
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  run: SimulateResponse | null;
  matches: ReadonlySet<string>;
}

export function edgeId(edge: Process['edges'][number], index: number): string {
  return edge.id ?? `e${index}:${edge.from}:${edge.handle ?? DEFAULT_HANDLE}:${edge.to}`;
}

function badgeOf(list: ReadonlyArray<{ severity: 'error' | 'warning'; message: LocalizedMessage }>): CanvasBadge | null {
  if (list.length === 0) return null;
  return { severity: list.some((p) => p.severity === 'error') ? 'error' : 'warning', messages: list.map((p) => p.message) };
}

interface Cached {
  node: Node | Process['trigger'];
  key: string;
  mapped: CanvasNode;
}

interface CachedEdge {
  edge: Process['edges'][number];
  key: string;
  mapped: CanvasEdge;
}

export interface ProcessGraph {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** Where the trigger is drawn: left of the leftmost node, level with the first node it leads to. */
function triggerPosition(process: Process): { x: number; y: number } {
  const xs = process.nodes.map((n) => n.position?.x ?? 0);
  const first = process.edges.find((e) => e.from === TRIGGER_NODE);
  const target = process.nodes.find((n) => n.id === first?.to);
  return { x: (xs.length > 0 ? Math.min(...xs) : NODE_WIDTH + 80) - NODE_WIDTH - 80, y: target?.position?.y ?? process.nodes[0]?.position?.y ?? 0 };
}

/*
 * The same node or edge: the same object, or an equal one. The draft takes the server's copy of the
 * whole document after each autosave, so every object is new then although nothing changed; by
 * identity alone all 300 nodes and 350 edges were mapped and re-rendered a moment after each edit.
 */
function sameSource(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A mapper with its own cache: one per open canvas. */
export function createProcessGraphMapper(): (input: GraphMappingInput) => ProcessGraph {
  let cache = new Map<string, Cached>();
  let edgeCache = new Map<string, CachedEdge>();
  return (input) => {
    const { process, run } = input;
    const taken = new Set(run && run.status !== 'not-started' ? [TRIGGER_NODE, ...run.path] : []);
    const steps = new Map((run?.steps ?? []).map((s) => [s.nodeId, s]));
    const problemsBy = new Map<string, Array<{ severity: 'error' | 'warning'; message: LocalizedMessage }>>();
    for (const p of input.problems) if (p.nodeId !== undefined) problemsBy.set(p.nodeId, [...(problemsBy.get(p.nodeId) ?? []), p]);
    for (const l of input.lints) problemsBy.set(l.nodeId, [...(problemsBy.get(l.nodeId) ?? []), { severity: 'warning', message: l.message }]);
    const used = new Map<string, Set<string>>();
    for (const e of process.edges) used.set(e.from, (used.get(e.from) ?? new Set()).add(e.handle ?? DEFAULT_HANDLE));
    const paintOf = (id: string): PaintState => (run ? (taken.has(id) ? 'taken' : 'skipped') : null);
    const next = new Map<string, Cached>();

    const entry = (id: string, source: Cached['node'], build: () => Omit<CanvasNode, 'selected' | 'data' | 'draggable'> & { data: Omit<CanvasNodeData, 'badge' | 'paint' | 'step' | 'match' | 'handles'>; handles: Omit<CanvasHandle, 'connected'>[] }): CanvasNode => {
      const badge = badgeOf(problemsBy.get(id) ?? []);
      const usedHere = used.get(id) ?? new Set<string>();
      const extras = { badge, paint: paintOf(id), step: steps.get(id) ?? null, match: input.matches.has(id), selected: input.selectedNodes.has(id) };
      const key = JSON.stringify([extras, [...usedHere].sort()]);
      const cached = cache.get(id);
      if (cached && cached.key === key && sameSource(cached.node, source)) {
        next.set(id, { ...cached, node: source });
        return cached.mapped;
      }
      const base = build();
      const mapped: CanvasNode = {
        id: base.id,
        type: 'process',
        position: base.position,
        selected: extras.selected,
        draggable: id !== TRIGGER_NODE,
        data: { ...base.data, handles: base.handles.map((h) => ({ ...h, connected: usedHere.has(h.id) })), badge, paint: extras.paint, step: extras.step, match: extras.match },
      };
      next.set(id, { node: source, key, mapped });
      return mapped;
    };

    const triggerLabel = { ru: 'Запуск', en: 'Trigger' };
    const trigger = entry(TRIGGER_NODE, process.trigger, () => ({
      id: TRIGGER_NODE,
      type: 'process',
      position: triggerPosition(process),
      data: { nodeType: 'trigger', title: triggerLabel, typeLabel: triggerLabel, summary: triggerSummary(input.app, process.trigger), hasInput: false },
      handles: [{ id: DEFAULT_HANDLE, label: null, required: true }],
    }));
    // The trigger's place depends on other nodes: a new object only when the place moved.
    const place = triggerPosition(process);
    const triggerNode = trigger.position.x === place.x && trigger.position.y === place.y ? trigger : { ...trigger, position: place };
    const cachedTrigger = next.get(TRIGGER_NODE);
    if (cachedTrigger) next.set(TRIGGER_NODE, { ...cachedTrigger, mapped: triggerNode });
    const nodes = [triggerNode, ...process.nodes.map((node) => entry(node.id, node, () => ({
      id: node.id,
      type: 'process',
      position: node.position ?? { x: 0, y: 0 },
      data: {
        nodeType: node.type,
        title: node.label ?? NODE_TYPES[node.type].label,
        typeLabel: NODE_TYPES[node.type].label,
        summary: nodeSummary(input.app, node, triggerRecordEntity(process.trigger), process.trigger),
        hasInput: true,
      },
      handles: nodeOutputHandles(node).map((h) => ({ id: h.handle, label: handleLabel(node, h.handle), required: h.required })),
    })))];
    cache = next;

    const edgeProblems = new Map<number, ProcessProblem[]>();
    for (const p of input.problems) if (p.edgeIndex !== undefined) edgeProblems.set(p.edgeIndex, [...(edgeProblems.get(p.edgeIndex) ?? []), p]);
    const nextEdges = new Map<string, CachedEdge>();
    const edges = process.edges.map((edge, index): CanvasEdge => {
      const handle = edge.handle ?? DEFAULT_HANDLE;
      const step = steps.get(edge.from);
      const wasTaken = run !== null && taken.has(edge.from) && taken.has(edge.to) && (edge.from === TRIGGER_NODE || step?.handle == null || step.handle === handle);
      const paint: PaintState = run ? (wasTaken ? 'taken' : 'skipped') : null;
      const badge = badgeOf(edgeProblems.get(index) ?? []);
      const id = edgeId(edge, index);
      const selected = input.selectedEdges.has(id);
      const key = JSON.stringify([index, paint, badge, selected]);
      const cached = edgeCache.get(id);
      if (cached && cached.key === key && sameSource(cached.edge, edge)) {
        nextEdges.set(id, { ...cached, edge });
        return cached.mapped;
      }
      const mapped: CanvasEdge = {
        id,
        source: edge.from,
        target: edge.to,
        sourceHandle: handle,
        targetHandle: 'in',
        selected,
        class: ['crm-edge', paint ? `crm-edge--${paint}` : '', badge ? `crm-edge--${badge.severity}` : ''].filter(Boolean).join(' '),
        animated: paint === 'taken',
        data: { index, badge, paint },
      };
      nextEdges.set(id, { edge, key, mapped });
      return mapped;
    });
    edgeCache = nextEdges;
    return { nodes, edges };
  };
}
