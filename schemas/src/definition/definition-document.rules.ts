/*
 * Whether two definition documents are the same: compared as JSON with key order aside (PostgreSQL
 * stores them as jsonb, which reorders keys, and an edit may add a key at the end) and undefined
 * members left out. The runtime's publish ("nothing to publish") and the builder's "Discard
 * changes" (offered only when the draft differs from live) must agree, so both use this.
 */

/** The document as JSON with its keys sorted and undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameDocument(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
