import type { App, Entity } from '@crm/schemas';
import type { Knex } from 'knex';
import type { LiveDefinition } from '../runtime.context.js';
import type { RecordCaller, RecordValues, StoredRecord } from './record.types.js';

/*
 * The before-save seam: synchronous processes (ARCHITECTURE §3, mode "before-save") run inside the
 * record's transaction, after validation and authorization and before the write. A hook sees the
 * record before the change (null on create) and the values about to be stored, and may change
 * `after` (set fields, route the record); whatever it sets is validated, recomputed (formulas) and
 * checked (pipeline rules, references) like the caller's own input. Throwing aborts the save and
 * rolls the transaction back.
 *
 * A before-save process may run a script, and it runs here, holding the save's transaction (and on
 * PGlite the only connection): the record it changes is not written yet, so there is nothing to
 * release. The engine therefore caps such a script's time limit at 1 s (INLINE_TIMEOUT_MS in
 * engine/src/nodes/script.node.ts) whatever its node says; waits and outside calls (HTTP) are
 * refused at publish. After-save scripts run with no connection held.
 */

export interface BeforeSaveEvent {
  /**
   * The handle of the save; a hook must use it, never another connection (PGlite has one). It is
   * the save's transaction, or the plain handle when every hook and listener said it writes nothing
   * of its own for this save (`writesOnSave`), and the save is then one statement. A hook that may
   * run a script must say it writes: api.lock holds its lock in this transaction until the save
   * commits, and on a plain handle it would be let go the moment it was taken (the engine's
   * save-writes.policy counts every script node as writing, and the engine refuses api.lock on a
   * handle that is not a transaction rather than lock in the void).
   */
  trx: Knex;
  entity: Entity;
  /** The definition the save is made under, when its writer knows the version (null: the hook reads it). */
  live: LiveDefinition | null;
  /** The record's id: a create's is minted before the hooks run (null only from a caller that mints it later). */
  recordId: string | null;
  action: 'create' | 'update';
  before: StoredRecord | null;
  after: RecordValues;
  /** Who is saving: `$user` in process values, and the depth of the process chain that led here. */
  caller: RecordCaller;
  /** A hook says which fields it set, so history shows the process (and its run) as their author. */
  attribute(field: string, by: { process: string; runId: string }): void;
  /** Hands over a statement (not sent) written with the record, in its statement or transaction (a before-save run's rows). */
  defer(statement: Knex.QueryBuilder): void;
  /** Names a person the hook read as an active user on `trx` and set in a field: the reference check need not look them up again. */
  knownUser(id: string): void;
}

export type BeforeSaveHook = ((event: BeforeSaveEvent) => Promise<void> | void) & {
  /**
   * Whether the hook may write rows of its own (beyond what it defers) when a record of `entity`
   * is saved. A hook that does not say is taken to write, and its saves run in a transaction.
   */
  writesOnSave?: (app: App, entity: string, action: 'create' | 'update') => boolean;
  /**
   * Whether the hook does anything at all when a record of `entity` is saved (changes the record,
   * hands rows over). A hook that does not say is taken to; an update nothing runs before may be
   * sent on a copy of the record read earlier (WriteOptions.readCopy).
   */
  runsOnSave?: (app: App, entity: string, action: 'create' | 'update') => boolean;
};

/** The hooks every save runs, in order. Empty until the engine registers before-save processes. */
export const defaultBeforeSaveHooks: readonly BeforeSaveHook[] = [];

export async function runBeforeSaveHooks(hooks: readonly BeforeSaveHook[], event: BeforeSaveEvent): Promise<void> {
  for (const hook of hooks) await hook(event);
}
