import { isJsonObject } from './schema-form.mapping.js';

/*
 * What a property form emits when a member changes: the path relative to the form's value and the
 * new value (undefined removes the member). The caller turns it into a DraftChange `set`, which
 * needs every container on the path to exist; so when a member of an absent object is set (the
 * first retry attempt of a node that had no retry policy), the change is lifted to the first
 * absent container, carrying a new object or list that holds the value.
 */

export type FormPath = ReadonlyArray<string | number>;

export interface FormChange {
  path: Array<string | number>;
  value: unknown;
}

function childOf(container: unknown, key: string | number): unknown {
  if (Array.isArray(container) && typeof key === 'number') return container[key];
  if (isJsonObject(container) && typeof key === 'string') return container[key];
  return undefined;
}

function holds(container: unknown, key: string | number): boolean {
  return (Array.isArray(container) && typeof key === 'number' && key < container.length) || (isJsonObject(container) && typeof key === 'string');
}

/** Wraps `value` in the containers `rest` walks through (absent ones created). */
function build(rest: FormPath, value: unknown): unknown {
  const [key, ...tail] = rest;
  if (key === undefined) return value;
  const inner = build(tail, value);
  if (typeof key === 'number') return [inner];
  return inner === undefined ? {} : { [key]: inner };
}

/** The change to emit for setting `path` to `value` inside `root`, lifted to the first absent container. */
export function changeWithin(root: unknown, path: FormPath, value: unknown): FormChange {
  let container = root;
  for (let at = 0; at < path.length - 1; at += 1) {
    const key = path[at];
    if (key === undefined) break;
    const child = childOf(container, key);
    if (!holds(container, key) || (typeof child !== 'object' || child === null)) {
      if (!holds(container, key)) return { path: path.slice(0, at), value: build(path.slice(at), value) };
      return { path: path.slice(0, at + 1), value: build(path.slice(at + 1), value) };
    }
    container = child;
  }
  return { path: [...path], value };
}

export function insertItem<T>(list: readonly T[], index: number, item: T): T[] {
  return [...list.slice(0, index), item, ...list.slice(index)];
}

export function removeItem<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const item = list[from];
  if (item === undefined || from === to) return [...list];
  const without = removeItem(list, from);
  return insertItem(without, Math.max(0, Math.min(to, without.length)), item);
}
