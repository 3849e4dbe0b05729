/*
 * A document the server sent back, with every part that equals the one already held kept as that
 * very object. The draft store takes the server's copy after each autosave (it gives new entities
 * and fields their stable ids); taken whole, every object of the definition was new, every screen
 * re-rendered, and an input re-rendered mid-typing is reset to the stored value (Vue sets `value` on
 * each render): a robot's task title typed while the previous change was being saved was lost.
 * Kept parts do not re-render, so only what the server changed does. Pure; JSON values only.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `next`, with each part deep-equal to the same place in `previous` replaced by that part of `previous`. */
export function keepUnchangedParts<T>(previous: unknown, next: T): T {
  if (Object.is(previous, next)) return next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    let same = previous.length === next.length;
    const merged = next.map((item: unknown, index) => {
      const kept = keepUnchangedParts(previous[index], item);
      if (kept !== previous[index]) same = false;
      return kept;
    });
    return (same ? previous : merged) as T;
  }
  if (isRecord(previous) && isRecord(next)) {
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(previous).length;
    const merged: Record<string, unknown> = {};
    for (const key of keys) {
      const kept = keepUnchangedParts(previous[key], next[key]);
      merged[key] = kept;
      if (!Object.hasOwn(previous, key) || kept !== previous[key]) same = false;
    }
    return (same ? previous : merged) as T;
  }
  return next;
}

