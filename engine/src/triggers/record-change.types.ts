import type { Knex } from 'knex';
import type { EngineUser } from '../ports/engine.ports.js';
import type { LockedWait } from '../store/job-signal.store.js';

/** A record write as the engine hears of it, inside the write's transaction. */
export interface RecordChange {
  entity: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  recordId: string;
  version: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  changes: ReadonlyArray<{ field: string; old: unknown; new: unknown }>;
  user: EngineUser | null;
  /** Set when a process made the write: its runs trigger runs one level deeper. */
  process: { name: string; runId?: string; depth?: number } | null;
  /** The jobs waiting on the record, already locked by the write's own statement (recordWaitsLockQuery); absent: looked up here. */
  lockedWaits?: readonly LockedWait[];
}

/** A save about to happen, for before-save processes: `after` is the record that will be stored. */
export interface PendingSave {
  entity: string;
  /** The id the record has or will have (a create's id is minted before its before-save processes run). */
  recordId: string | null;
  action: 'create' | 'update';
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /** What the save changes, field by field (as RecordChange.changes): `trigger.changes` of before-save runs. */
  changes: ReadonlyArray<{ field: string; old: unknown; new: unknown }>;
  user: EngineUser | null;
  process: { name: string; runId?: string; depth?: number } | null;
  /** Tells the host which fields a process set, so the record's history names the process. */
  attribute?: (field: string, by: { process: string; runId: string }) => void;
  /**
   * Takes a statement (not sent) that must be written with the record, in its statement or
   * transaction: each before-save run and its steps. A save that is refused drops them.
   */
  defer(statement: Knex.QueryBuilder): void;
  /** Names a person a process read as an active user on the save's handle and put in a field: no need to look them up again. */
  knownUser?: (id: string) => void;
}

export function depthOf(process: { depth?: number } | null): number {
  return process ? (process.depth ?? 0) + 1 : 0;
}
