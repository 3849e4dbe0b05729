import type { Actor } from '../people/user.types.js';

/** A record's values by field name (system columns included), as the API sends and receives them. */
export type RecordValues = Record<string, unknown>;

/** A record as stored: always has its system columns. */
export interface StoredRecord extends RecordValues {
  id: string;
  version: number;
  owner: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  deleted_at: string | null;
}

export type RecordAction = 'create' | 'update' | 'delete' | 'restore';

/**
 * Who makes a change: a person, a process acting (for a person or for nobody), or the system.
 * History records it, and `$user` defaults resolve to `user`.
 */
export interface RecordCaller {
  user: Actor | null;
  process?: ProcessCaller;
}

/**
 * A process making a change. `depth` counts how many process runs led to this write (a process
 * whose write triggers a process whose write triggers ...), so a self-triggering loop is stopped.
 * `actAs`: 'system' (the default) writes with the process's own rights, as routing and field
 * updates need; 'user' is checked with the permissions of `user`, as the script API is.
 */
export interface ProcessCaller {
  name: string;
  runId?: string;
  depth?: number;
  actAs?: 'system' | 'user';
}

export type ActorKind = 'user' | 'process' | 'system';

export function actorKindOf(caller: RecordCaller): ActorKind {
  if (caller.process) return 'process';
  return caller.user ? 'user' : 'system';
}

/** One field's change in a write: what history shows and what the UPDATE sets. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface ReadOptions {
  includeDeleted?: boolean;
  expand?: readonly string[];
}

export interface WriteOptions {
  /** Versions named by If-Match; null for no condition. */
  ifMatch?: readonly number[] | null;
  /**
   * The record as stored, read earlier (RecordServiceDeps.keepStoredCopy). When nothing runs before
   * an update of its entity (no before-save process) and it has no many-to-many fields, the update
   * is sent on this copy without the locked read: the UPDATE itself checks that the row is still at
   * the copy's version and still the caller's to read and update. Otherwise, or when the row moved,
   * the update reads the row locked and goes on as without a copy.
   */
  readCopy?: StoredRecord;
}
