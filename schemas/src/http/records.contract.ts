/*
 * /api/records/:entity[/:id[/history]] (runtime/src/records/records.routes.ts): records as the API
 * sends them, pages of a list and a record's history.
 */

/**
 * A record: its system columns, then the fields the caller may read. People columns (owner,
 * created_by, updated_by) are user ids, or objects where the request expanded them.
 */
export interface RecordData {
  id: string;
  version: number;
  owner: unknown;
  created_at: string;
  created_by: unknown;
  updated_at: string;
  updated_by: unknown;
  deleted_at: string | null;
  [field: string]: unknown;
}

/** GET /api/records/:entity: a page, the cursor of the next one, and (when asked) the count of all matches. */
export interface RecordPage {
  data: RecordData[];
  nextCursor: string | null;
  total?: number;
}

/** Who made a change: a person, a process (for a person or for nobody) or the system. */
export interface HistoryActor {
  kind: 'user' | 'process' | 'system';
  id: string | null;
  name?: string;
  process?: string;
  runId?: string;
}

export interface HistoryItem {
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  at: string;
  actor: HistoryActor;
  changes: Array<{ field: string; old: unknown; new: unknown }>;
}

/** GET /api/records/:entity/:id/history, oldest change first. */
export interface RecordHistory {
  data: HistoryItem[];
}
