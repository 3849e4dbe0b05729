/*
 * Audit entries must read back from PostgreSQL exactly as they were hashed, or verification would
 * report tampering that never happened. PostgreSQL refuses NUL characters in text and jsonb and
 * the UTF-8 encoder replaces lone surrogates, so strings are cleaned of both before hashing; and a
 * caller-supplied value (a tried email, a path) is capped so one request cannot bloat the log.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const MAX_TEXT = 2000;
const MAX_DEPTH = 12;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string, max = MAX_TEXT): string {
  const cleaned = value.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
  if (cleaned.length <= max) return cleaned;
  return `${cleaned.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

export function cleanOptionalText(value: string | null | undefined, max = MAX_TEXT): string | null {
  return value === undefined || value === null ? null : cleanText(value, max);
}

/** Any value as JSON that survives a jsonb round trip unchanged: undefined dropped, non-finite numbers null. */
export function toJsonValue(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item, depth + 1));
  if (typeof value === 'object') return toJsonObject(value, depth);
  return null;
}

export function toJsonObject(value: object, depth = 0): JsonObject {
  const entries: [string, JsonValue][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    entries.push([cleanText(key, 200), toJsonValue(item, depth + 1)]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  return Object.fromEntries(entries);
}

/**
 * A jsonb value read back, taken as it is (never cleaned: cleaning on read could turn an edited
 * value back into the one that was hashed and hide the edit).
 */
export function storedJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(storedJsonValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storedJsonValue(v)]));
  return null;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(',')}}`;
}
