/*
 * Every change to the draft is a list of patches at JSON paths. Applying a change gives the new
 * document and the change that undoes it, computed from what the document held before, so undo
 * and redo work for any edit (a node dragged, a field renamed, a condition changed) without each
 * editor writing its own inverse. Documents are never mutated: each apply copies the spine from
 * the root to the changed member and shares everything else, which keeps Vue's reactivity and
 * undo snapshots cheap on a 300-node process.
 */

export type JsonPath = ReadonlyArray<string | number>;

export type DraftPatch =
  /** Sets an object member or an array element (an absent value removes the object member). */
  | { op: 'set'; path: JsonPath; value: unknown }
  /** Inserts into an array at the index (the array's length appends). */
  | { op: 'insert'; path: JsonPath; value: unknown }
  /** Removes an array element. */
  | { op: 'remove'; path: JsonPath };

export interface DraftChange {
  /** Shown in the undo menu: "Move node", "Rename field". */
  label: string;
  patches: readonly DraftPatch[];
}

export interface AppliedChange<T> {
  document: T;
  inverse: DraftChange;
}

export class DraftPathError extends Error {
  constructor(readonly path: JsonPath, reason: string) {
    super(`Cannot change /${path.join('/')}: ${reason}`);
    this.name = 'DraftPathError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path, or undefined when the path leads nowhere. */
export function valueAtPath(document: unknown, path: JsonPath): unknown {
  let current: unknown = document;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current) && typeof key === 'string') current = Object.prototype.hasOwnProperty.call(current, key) ? current[key] : undefined;
    else return undefined;
  }
  return current;
}

/** A copy of `container` with `update` applied to its child at `key` (the rest shared). */
function withChild(container: unknown, key: string | number, path: JsonPath, update: (child: unknown) => unknown): unknown {
  if (Array.isArray(container) && typeof key === 'number') {
    if (key < 0 || key >= container.length) throw new DraftPathError(path, `index ${key} is outside a list of ${container.length}`);
    const copy = [...container];
    copy[key] = update(container[key]);
    return copy;
  }
  if (isRecord(container) && typeof key === 'string') {
    const updated = update(container[key]);
    const copy: Record<string, unknown> = { ...container };
    if (updated === undefined) delete copy[key];
    else copy[key] = updated;
    return copy;
  }
  throw new DraftPathError(path, `there is no ${typeof key === 'number' ? 'list' : 'object'} to hold "${String(key)}"`);
}

function updateAt(document: unknown, path: JsonPath, at: number, leaf: (parent: unknown, key: string | number) => unknown): unknown {
  const key = path[at];
  if (key === undefined) throw new DraftPathError(path, 'the path is empty');
  if (at === path.length - 1) return leaf(document, key);
  return withChild(document, key, path, (child) => updateAt(child, path, at + 1, leaf));
}

function applyPatch(document: unknown, patch: DraftPatch): { document: unknown; inverse: DraftPatch } {
  const { path } = patch;
  if (patch.op === 'set') {
    const before = valueAtPath(document, path);
    const next = updateAt(document, path, 0, (parent, key) => withChild(parent, key, path, () => patch.value));
    return { document: next, inverse: { op: 'set', path, value: before } };
  }
  const index = path[path.length - 1];
  if (typeof index !== 'number') throw new DraftPathError(path, 'insert and remove need a list index');
  const listPath = path.slice(0, -1);
  const list = listPath.length === 0 ? document : valueAtPath(document, listPath);
  if (!Array.isArray(list)) throw new DraftPathError(path, 'it is not a list');
  if (patch.op === 'insert') {
    if (index < 0 || index > list.length) throw new DraftPathError(path, `index ${index} is outside a list of ${list.length}`);
    const copy = [...list.slice(0, index), patch.value, ...list.slice(index)];
    const next = listPath.length === 0 ? copy : updateAt(document, listPath, 0, (parent, key) => withChild(parent, key, listPath, () => copy));
    return { document: next, inverse: { op: 'remove', path } };
  }
  if (index < 0 || index >= list.length) throw new DraftPathError(path, `index ${index} is outside a list of ${list.length}`);
  const removed: unknown = list[index];
  const copy = [...list.slice(0, index), ...list.slice(index + 1)];
  const next = listPath.length === 0 ? copy : updateAt(document, listPath, 0, (parent, key) => withChild(parent, key, listPath, () => copy));
  return { document: next, inverse: { op: 'insert', path, value: removed } };
}

/**
 * Applies a change; the inverse's patches run in reverse order, so applying the inverse gives back
 * the document exactly. A change whose patch does not fit throws DraftPathError and changes nothing.
 */
export function applyDraftChange<T>(document: T, change: DraftChange, isDocument: (value: unknown) => value is T): AppliedChange<T> {
  let current: unknown = document;
  const inverses: DraftPatch[] = [];
  for (const patch of change.patches) {
    const applied = applyPatch(current, patch);
    current = applied.document;
    inverses.unshift(applied.inverse);
  }
  // Patches move values around inside the document; the caller's guard checks its outline (the
  // full definition schemas run on the draft before it is saved and on every publish).
  if (!isDocument(current)) throw new DraftPathError([], 'the change would leave a document of another kind');
  return { document: current, inverse: { label: change.label, patches: inverses } };
}
