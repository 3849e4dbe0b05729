/*
 * Whether the draft differs from the live (published) definition: what decides if "Discard changes"
 * is offered. Compared as JSON documents with key order aside (the server stores them as jsonb,
 * which reorders keys, and an edit may add a key at the end), as the server's publish compares them
 * (canonicalJson in @crm/schemas serves both).
 */
import { canonicalJson } from '@crm/schemas';

/**
 * `liveJson` is the live app's canonicalJson (the store keeps it: the live app changes rarely, the
 * draft on every edit), null when nothing is published: then there is nothing to go back to.
 */
export function draftDiffersFromLive(draft: unknown, liveJson: string | null): boolean {
  if (liveJson === null || draft === null || draft === undefined) return false;
  return canonicalJson(draft) !== liveJson;
}
