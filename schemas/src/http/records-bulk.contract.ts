/*
 * POST /api/records/:entity/bulk (runtime/src/records/records-bulk.routes.ts; the workspace's
 * lists send it): one action applied to many records, each written on its own exactly as if the
 * person did it by hand. The records are either the ids the person ticked or every record that
 * matches the list's filter and search ("select all matching"), resolved on the server over the
 * caller's readable records, up to BULK_MAX_MATCHING.
 */

export type BulkAction = 'assign_owner' | 'change_stage' | 'delete';

/** The list's filter (condition language) and search text, as the list sends them. */
export interface BulkMatch {
  filter: unknown;
  q: string | null;
  /**
   * Go on after an earlier request that stopped at its limit: its answer's `next`. The records are
   * taken in the list's default order, so those the earlier request handled (done or refused) are
   * not visited again, whatever the action changed.
   */
  after?: string | null;
}

export type BulkRequestBody = { action: BulkAction; value?: string } & ({ ids: string[] } | { match: BulkMatch });

export type BulkResult =
  | { id: string; ok: true; version?: number; title?: string }
  | { id: string; ok: false; code: string; field?: string; message: string; message_ru?: string; title?: string };

export interface BulkResponse {
  action: BulkAction;
  results: BulkResult[];
  done: number;
  refused: number;
  /** Only for `match`: more records matched than one request handles. */
  truncated?: boolean;
  /** With `truncated`: send it as `match.after` (same action, filter and search) to go on with the rest. */
  next?: string;
}

/** Ids one request may name. */
export const BULK_MAX_IDS = 500;
/** Records one "all matching" request handles (each is its own transaction). */
export const BULK_MAX_MATCHING = 2000;
