import type { RowProblem } from '@crm/schemas';
import type { EntityAccess } from '../access/index.js';
import type { Actor } from '../people/user.types.js';
import type { BeforeSaveHook, RecordCaller, RecordEntityModel, RecordEventSink, RecordValues } from '../records/index.js';

/* The shapes an import passes between its steps (README.md beside this file). */

/** `RowProblem`: one reason a row was not imported; `field` names the field (or column) it is about. */
export type { RowProblem };

/** A value that makes two rows the same record: `text` is `field \0 value`, the key of maps. */
export interface MatchKey {
  field: string;
  value: string | number;
  text: string;
}

/** A row read, allowed and validated, waiting for its batch. */
export interface PreparedRow {
  row: number;
  /** The validated values of the row's cells (with defaults when `complete`). */
  values: RecordValues;
  /** `values` passed create validation with defaults already (not for upserts, which may update). */
  complete: boolean;
  keys: MatchKey[];
}

export type WritePlan =
  | { row: number; kind: 'create'; after: RecordValues; keys: MatchKey[] }
  | { row: number; kind: 'update'; id: string; values: RecordValues; keys: MatchKey[] };

export type RowOutcome =
  | { row: number; kind: 'created' | 'updated' | 'unchanged'; id: string; keys: MatchKey[] }
  | { row: number; kind: 'rejected'; problems: RowProblem[] };

/** What every step of one import shares: who imports what, and the seams saves go through. */
export interface ImportContext {
  model: RecordEntityModel;
  access: EntityAccess;
  actor: Actor;
  caller: RecordCaller;
  now: Date;
  hooks: readonly BeforeSaveHook[];
  events: RecordEventSink;
  /** The entity has before-save processes: rows go through the records' prepareSave one by one. */
  runsBeforeSave: boolean;
  /** A process or another listener (a webhook) may hear of creates: each created record goes to the outbox. */
  emitsOnCreate: boolean;
}
