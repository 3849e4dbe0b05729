import type { EngineUser } from '../ports/engine.ports.js';

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
}

/** A save about to happen, for before-save processes: `after` is the record that will be stored. */
export interface PendingSave {
  entity: string;
  action: 'create' | 'update';
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /** What the save changes, field by field (as RecordChange.changes): `trigger.changes` of before-save runs. */
  changes: ReadonlyArray<{ field: string; old: unknown; new: unknown }>;
  user: EngineUser | null;
  process: { name: string; runId?: string; depth?: number } | null;
  /** Tells the host which fields a process set, so the record's history names the process. */
  attribute?: (field: string, by: { process: string; runId: string }) => void;
}

export function depthOf(process: { depth?: number } | null): number {
  return process ? (process.depth ?? 0) + 1 : 0;
}
