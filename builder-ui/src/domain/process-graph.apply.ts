import type { App, Edge, Node, Position, Process, Trigger } from '@crm/schemas';
import type { DraftChange, DraftPatch, JsonPath } from './definition-draft.apply.js';
import { valueAtPath } from './definition-draft.apply.js';
import { defaultNodeConfig } from './process-node.factory.js';

/*
 * Every edit the process designer makes, as a DraftChange for the draft store's `apply`: the store
 * computes the inverse, so undo and redo cover moves, connections, config edits and pastes alike.
 * Builders are pure: they read the document, never change it, and return patches addressed by the
 * process's and the node's indexes at the time of the call.
 */

export const TRIGGER_NODE_ID = 'trigger';

export interface ProcessRef {
  index: number;
  process: Process;
}

/** The process of the draft by name, with its index (patch paths need it). */
export function findProcess(app: App, name: string): ProcessRef | null {
  const index = (app.processes ?? []).findIndex((p) => p.name === name);
  const process = app.processes?.[index];
  return process ? { index, process } : null;
}

function processPath(ref: ProcessRef): JsonPath {
  return ['processes', ref.index];
}

function nodeIndex(process: Process, nodeId: string): number {
  return process.nodes.findIndex((n) => n.id === nodeId);
}

/** The node's type without digits and with underscores, then the first free number: condition_1. */
export function freshNodeId(taken: ReadonlySet<string>, type: string): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, '_');
  for (let n = 1; ; n += 1) {
    const id = `${base}_${n}`;
    if (!taken.has(id) && id !== TRIGGER_NODE_ID) return id;
  }
}

export interface EdgeEnds {
  from: string;
  to: string;
  /** Absent or 'out': the default handle. */
  handle?: string;
}

function edgeOf(ends: EdgeEnds): Edge {
  return ends.handle === undefined || ends.handle === 'out' ? { from: ends.from, to: ends.to } : { from: ends.from, to: ends.to, handle: ends.handle };
}

export interface AddNodeOptions {
  type: Node['type'];
  position: Position;
  /** Connects the new node after this node's handle. */
  after?: { from: string; handle: string };
  label: string;
}

/** Adds a node with a sensible default config (and the edge from `after`); returns its id too. */
export function addNodeChange(app: App, ref: ProcessRef, options: AddNodeOptions): { change: DraftChange; nodeId: string } {
  const { process } = ref;
  const nodeId = freshNodeId(new Set(process.nodes.map((n) => n.id)), options.type);
  const node: Record<string, unknown> = { id: nodeId, type: options.type, position: roundPosition(options.position) };
  const config = defaultNodeConfig(app, process, options.type);
  if (config !== undefined) node['config'] = config;
  const patches: DraftPatch[] = [{ op: 'insert', path: [...processPath(ref), 'nodes', process.nodes.length], value: node }];
  if (options.after) {
    patches.push({ op: 'insert', path: [...processPath(ref), 'edges', process.edges.length], value: edgeOf({ from: options.after.from, handle: options.after.handle, to: nodeId }) });
  }
  return { change: { label: options.label, patches }, nodeId };
}

function roundPosition(p: Position): Position {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** Moves nodes (the trigger has no stored position and is skipped). */
export function moveNodesChange(ref: ProcessRef, moves: ReadonlyArray<{ id: string; position: Position }>, label: string): DraftChange | null {
  const patches: DraftPatch[] = [];
  for (const move of moves) {
    const index = nodeIndex(ref.process, move.id);
    const node = ref.process.nodes[index];
    if (!node) continue;
    const position = roundPosition(move.position);
    if (node.position && node.position.x === position.x && node.position.y === position.y) continue;
    patches.push({ op: 'set', path: [...processPath(ref), 'nodes', index, 'position'], value: position });
  }
  return patches.length > 0 ? { label, patches } : null;
}

export function connectChange(ref: ProcessRef, ends: EdgeEnds, label: string): DraftChange {
  return { label, patches: [{ op: 'insert', path: [...processPath(ref), 'edges', ref.process.edges.length], value: edgeOf(ends) }] };
}

function removeIndexes(base: JsonPath, indexes: Iterable<number>): DraftPatch[] {
  // Highest first, so each index still names the element it named when the change was built.
  return [...new Set(indexes)].sort((a, b) => b - a).map((i) => ({ op: 'remove', path: [...base, i] }));
}

export function disconnectChange(ref: ProcessRef, edgeIndexes: readonly number[], label: string): DraftChange | null {
  const valid = edgeIndexes.filter((i) => i >= 0 && i < ref.process.edges.length);
  return valid.length > 0 ? { label, patches: removeIndexes([...processPath(ref), 'edges'], valid) } : null;
}

/** Deletes nodes with every edge that touches them, and the given edges. The trigger stays. */
export function deleteElementsChange(ref: ProcessRef, nodeIds: readonly string[], edgeIndexes: readonly number[], label: string): DraftChange | null {
  const ids = new Set(nodeIds.filter((id) => id !== TRIGGER_NODE_ID));
  const edges = new Set(edgeIndexes.filter((i) => i >= 0 && i < ref.process.edges.length));
  ref.process.edges.forEach((edge, i) => {
    if (ids.has(edge.from) || ids.has(edge.to)) edges.add(i);
  });
  const nodes = ref.process.nodes.flatMap((node, i) => (ids.has(node.id) ? [i] : []));
  const patches = [...removeIndexes([...processPath(ref), 'edges'], edges), ...removeIndexes([...processPath(ref), 'nodes'], nodes)];
  return patches.length > 0 ? { label, patches } : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value that holds `rest` below an absent member: objects for names, lists for indexes. */
function nest(rest: JsonPath, value: unknown): unknown {
  let built = value;
  for (let i = rest.length - 1; i >= 0; i -= 1) {
    const key = rest[i];
    built = typeof key === 'number' ? Object.assign([], { [key]: built }) : { [String(key)]: built };
  }
  return built;
}

/** Sets the member at `base` + `path` (undefined removes it), creating absent containers on the way. */
function setMemberChange(app: App, base: JsonPath, path: JsonPath, value: unknown, label: string): DraftChange | null {
  const full: JsonPath = [...base, ...path];
  for (let depth = base.length; depth < full.length; depth += 1) {
    const parent = valueAtPath(app, full.slice(0, depth));
    if (isRecord(parent) || Array.isArray(parent)) continue;
    // `full.slice(0, depth)` is absent: build what is below it in one set (nothing to remove).
    if (value === undefined) return null;
    return { label, patches: [{ op: 'set', path: full.slice(0, depth), value: nest(full.slice(depth), value) }] };
  }
  if (value === undefined && valueAtPath(app, full) === undefined) return null;
  const last = full[full.length - 1];
  const parent = valueAtPath(app, full.slice(0, -1));
  if (value === undefined && Array.isArray(parent) && typeof last === 'number') return { label, patches: [{ op: 'remove', path: full }] };
  return { label, patches: [{ op: 'set', path: full, value }] };
}

/**
 * Sets a member of a node's config at a path relative to the config (undefined removes it).
 * Absent containers on the way are created, so the property panel can set `escalation.times` on
 * a node that has no `escalation` yet.
 */
export function setConfigMemberChange(app: App, ref: ProcessRef, nodeId: string, path: JsonPath, value: unknown, label: string): DraftChange | null {
  const index = nodeIndex(ref.process, nodeId);
  if (index < 0) return null;
  return setMemberChange(app, [...processPath(ref), 'nodes', index, 'config'], path, value, label);
}

/** Sets a member of the process's trigger (its entity, its events, its condition). */
export function setTriggerMemberChange(app: App, ref: ProcessRef, path: JsonPath, value: unknown, label: string): DraftChange | null {
  return setMemberChange(app, [...processPath(ref), 'trigger'], path, value, label);
}

/** Replaces a node's whole config (the raw JSON editor). */
export function setConfigChange(ref: ProcessRef, nodeId: string, config: unknown, label: string): DraftChange | null {
  const index = nodeIndex(ref.process, nodeId);
  return index < 0 ? null : { label, patches: [{ op: 'set', path: [...processPath(ref), 'nodes', index, 'config'], value: config }] };
}

/** Sets the node's label in one language (an empty text removes that language; no text at all removes the label). */
export function setNodeLabelChange(ref: ProcessRef, nodeId: string, locale: 'ru' | 'en', text: string, label: string): DraftChange | null {
  const index = nodeIndex(ref.process, nodeId);
  const node = ref.process.nodes[index];
  if (!node) return null;
  const trimmed = text.trim();
  const next: Record<string, string> = { ...(node.label ?? {}) };
  if (trimmed) next[locale] = trimmed;
  else delete next[locale];
  // LocalizedText needs `en`: a Russian-only label is stored in both until the English one is typed.
  if (next['en'] === undefined && next['ru'] !== undefined) next['en'] = next['ru'];
  const value = Object.keys(next).length > 0 ? next : undefined;
  return { label, patches: [{ op: 'set', path: [...processPath(ref), 'nodes', index, 'label'], value }] };
}

export interface Clipboard {
  nodes: Node[];
  /** Edges between the copied nodes only. */
  edges: Edge[];
}

/** What Ctrl+C keeps: the selected nodes and the edges between them. */
export function copyNodes(process: Process, nodeIds: readonly string[]): Clipboard | null {
  const ids = new Set(nodeIds);
  const nodes = process.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  return { nodes, edges: process.edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}

/** Pastes copies with fresh ids, shifted by `offset`; edges between them follow the new ids. */
export function pasteNodesChange(ref: ProcessRef, clipboard: Clipboard, offset: Position, label: string): { change: DraftChange; nodeIds: string[] } {
  const taken = new Set(ref.process.nodes.map((n) => n.id));
  const renamed = new Map<string, string>();
  for (const node of clipboard.nodes) {
    const id = freshNodeId(taken, node.type);
    taken.add(id);
    renamed.set(node.id, id);
  }
  const patches: DraftPatch[] = [];
  clipboard.nodes.forEach((node, i) => {
    const position = node.position ?? { x: 0, y: 0 };
    const copy = { ...node, id: renamed.get(node.id) ?? node.id, position: roundPosition({ x: position.x + offset.x, y: position.y + offset.y }) };
    patches.push({ op: 'insert', path: [...processPath(ref), 'nodes', ref.process.nodes.length + i], value: copy });
  });
  clipboard.edges.forEach((edge, i) => {
    const { id: _id, ...rest } = edge;
    const copy = { ...rest, from: renamed.get(edge.from) ?? edge.from, to: renamed.get(edge.to) ?? edge.to };
    patches.push({ op: 'insert', path: [...processPath(ref), 'edges', ref.process.edges.length + i], value: copy });
  });
  return { change: { label, patches }, nodeIds: [...renamed.values()] };
}

export interface NewProcess {
  name: string;
  label: { ru?: string; en: string };
  trigger: Trigger;
}

/** A new process with its trigger and no nodes (the palette adds them after the trigger). */
export function createProcessChange(app: App, input: NewProcess, label: string): DraftChange {
  const process: Process = { name: input.name, label: input.label, trigger: input.trigger, nodes: [], edges: [] };
  if (!app.processes) return { label, patches: [{ op: 'set', path: ['processes'], value: [process] }] };
  return { label, patches: [{ op: 'insert', path: ['processes', app.processes.length], value: process }] };
}

export function setTriggerChange(ref: ProcessRef, trigger: Trigger, label: string): DraftChange {
  return { label, patches: [{ op: 'set', path: [...processPath(ref), 'trigger'], value: trigger }] };
}

export function deleteProcessChange(ref: ProcessRef, label: string): DraftChange {
  return { label, patches: [{ op: 'remove', path: ['processes', ref.index] }] };
}
