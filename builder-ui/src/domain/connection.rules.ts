import { DEFAULT_HANDLE, nodeOutputHandles, type Process } from '@crm/schemas';

/*
 * Whether an edge may be drawn from a node's handle to another node, checked as the analyst drags
 * (Vue Flow's isValidConnection) and again when the connect intent arrives. The handles come from
 * the node-type catalog, the same table the validator and the engine read.
 */

export const TRIGGER_ID = 'trigger';

export type ConnectionRefusal = 'INTO_TRIGGER' | 'TO_ITSELF' | 'UNKNOWN_NODE' | 'UNKNOWN_HANDLE' | 'DUPLICATE_EDGE' | 'HANDLE_TAKEN';

export interface ConnectionAttempt {
  source: string;
  /** null or undefined: the default handle. */
  sourceHandle?: string | null;
  target: string;
}

/** The handles an edge may leave `nodeId` through ('out' for the trigger). */
export function handlesOf(process: Process, nodeId: string): string[] | null {
  if (nodeId === TRIGGER_ID) return [DEFAULT_HANDLE];
  const node = process.nodes.find((n) => n.id === nodeId);
  return node ? nodeOutputHandles(node).map((h) => h.handle) : null;
}

/** Why the connection is refused, or null when it may be drawn. */
export function connectionRefusal(process: Process, attempt: ConnectionAttempt): ConnectionRefusal | null {
  const handle = attempt.sourceHandle ?? DEFAULT_HANDLE;
  if (attempt.target === TRIGGER_ID) return 'INTO_TRIGGER';
  if (attempt.target === attempt.source) return 'TO_ITSELF';
  if (!process.nodes.some((n) => n.id === attempt.target)) return 'UNKNOWN_NODE';
  const handles = handlesOf(process, attempt.source);
  if (handles === null) return 'UNKNOWN_NODE';
  if (!handles.includes(handle)) return 'UNKNOWN_HANDLE';
  const leaving = process.edges.filter((e) => e.from === attempt.source && (e.handle ?? DEFAULT_HANDLE) === handle);
  if (leaving.some((e) => e.to === attempt.target)) return 'DUPLICATE_EDGE';
  // A branch (yes / no, a case, approved) leads to one place; only a parallel split fans out.
  const source = process.nodes.find((n) => n.id === attempt.source);
  if (leaving.length > 0 && source?.type !== 'parallel') return 'HANDLE_TAKEN';
  return null;
}

export function isValidConnection(process: Process, attempt: ConnectionAttempt): boolean {
  return connectionRefusal(process, attempt) === null;
}

/** The first handle of the node with no edge yet (where a node added "after" it goes), or null. */
export function firstFreeHandle(process: Process, nodeId: string): string | null {
  const handles = handlesOf(process, nodeId) ?? [];
  const source = process.nodes.find((n) => n.id === nodeId);
  for (const handle of handles) {
    const taken = process.edges.some((e) => e.from === nodeId && (e.handle ?? DEFAULT_HANDLE) === handle);
    if (!taken || source?.type === 'parallel') return handle;
  }
  return null;
}
