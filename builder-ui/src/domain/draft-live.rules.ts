/*
 * Whether the draft differs from the live (published) definition: what decides if "Discard changes"
 * is offered. Compared as JSON documents with key order aside (the server stores them as jsonb,
 * which reorders keys, and an edit may add a key at the end), as the server's publish compares them.
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

/**
 * False when nothing is live (there is nothing to go back to) or when the two are the same document.
 * `live` may be given as its canonicalJson already (the store keeps it, the live app changing rarely).
 */
export function draftDiffersFromLive(draft: unknown, live: unknown, liveJson: string | null = null): boolean {
  if (live === null || live === undefined || draft === null || draft === undefined) return false;
  return canonicalJson(draft) !== (liveJson ?? canonicalJson(live));
}
