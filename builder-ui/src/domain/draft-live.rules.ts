/*
 * Whether the draft differs from the live (published) definition: what decides if "Discard changes"
 * is offered. Compared as JSON documents with key order aside (the server stores them as jsonb,
 * which reorders keys, and an edit may add a key at the end), as the server's publish compares them
 * (canonicalJson in @crm/schemas serves both).
 */
import { canonicalJson } from '@crm/schemas';

/**
 * False when nothing is live (there is nothing to go back to) or when the two are the same document.
 * `live` may be given as its canonicalJson already (the store keeps it, the live app changing rarely).
 */
export function draftDiffersFromLive(draft: unknown, live: unknown, liveJson: string | null = null): boolean {
  if (live === null || live === undefined || draft === null || draft === undefined) return false;
  return canonicalJson(draft) !== (liveJson ?? canonicalJson(live));
}
