import type { JsonValue } from './sandbox.types.js';

/*
 * JSON text written by a script (its output, its API arguments) becomes host values only through
 * here: size first, then nesting depth on the raw text (so nothing deep is ever built on the host,
 * where later recursive code could overflow the stack), then JSON.parse, then a copy that keeps
 * plain data and drops `__proto__` keys, which JSON.parse keeps as own properties and which a
 * later Object.assign or merge would turn into a prototype change.
 */
export interface JsonLimits {
  maxBytes: number;
  maxDepth: number;
}

export type UntrustedJsonResult =
  | { ok: true; value: JsonValue }
  | { ok: false; reason: 'too-large' | 'too-deep' | 'invalid'; message: string };

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of arrays and objects in JSON text, ignoring brackets inside strings. */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return deepest;
}

export function parseUntrustedJson(text: string, limits: JsonLimits): UntrustedJsonResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return { ok: false, reason: 'too-large', message: `${bytes} bytes of JSON, over the limit of ${limits.maxBytes}` };
  }
  const depth = jsonNestingDepth(text);
  if (depth > limits.maxDepth) {
    return { ok: false, reason: 'too-deep', message: `JSON nested ${depth} levels deep, over the limit of ${limits.maxDepth}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'invalid', message: error instanceof Error ? error.message : 'invalid JSON' };
  }
  const value = plainJson(parsed);
  return value === undefined ? { ok: false, reason: 'invalid', message: 'not a JSON value' } : { ok: true, value };
}

/** A fresh copy of parsed JSON without `__proto__` keys; recursion is bounded by the depth check above. */
function plainJson(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value) {
      const copy = plainJson(item);
      if (copy === undefined) return undefined;
      items.push(copy);
    }
    return items;
  }
  if (typeof value === 'object') {
    const copy: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') continue;
      const inner = plainJson(item);
      if (inner === undefined) return undefined;
      copy[key] = inner;
    }
    return copy;
  }
  return undefined;
}
