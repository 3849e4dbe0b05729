import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { LiveDefinition } from '../runtime.context.js';
import type { RecordAction, RecordCaller, RecordValues, StoredRecord } from './record.types.js';
import type { FieldChange } from './record.types.js';

/*
 * The outbox seam (ARCHITECTURE §3): the events a write triggers are stored in the write's own
 * transaction, so they commit or roll back with it, and after-save workers pick them up later. The
 * runtime's composition root builds one fan-out sink (fanOutSink) over every listener: the engine
 * (after-save runs, record waits) and the webhooks; a service built without one emits into nothing.
 */

export interface RecordWriteEvent {
  entity: string;
  action: RecordAction;
  recordId: string;
  version: number;
  before: StoredRecord | null;
  after: StoredRecord;
  changes: readonly FieldChange[];
  caller: RecordCaller;
  /** The definition the write was made under (the service's), when its writer knows the version. */
  live?: LiveDefinition | null;
  /** The rows this listener's locksFor query locked, sent with the write's own statement (an update's). */
  locked?: unknown;
}

/** A write about to be made: the record before it (null for a create) and the values to be stored. */
export interface RecordWriteSketch {
  entity: string;
  action: RecordAction;
  before: StoredRecord | null;
  after: RecordValues;
}

export interface RecordEventSink {
  recordWritten(trx: Knex.Transaction, event: RecordWriteEvent): Promise<void>;
  /**
   * Whether recordWritten may write anything for this write (asked before it, with the values about
   * to be stored; `db` is the plain handle, no transaction is open). When no listener and no
   * before-save hook writes, a create is stored in one statement and recordWritten is not called.
   * A sink that does not say is taken to write.
   */
  writesFor?(db: Knex, app: App, write: RecordWriteSketch): Promise<boolean>;
  /**
   * A json expression the update of this record sends inside its own statement (jsonRowsOf a
   * locking query), so what the listener locks costs no round trip of its own (the engine: the jobs
   * waiting on the record); its value comes back to recordWritten as `locked`. Without it,
   * recordWritten looks for itself.
   */
  locksFor?(db: Knex, target: { entity: string; recordId: string }): Knex.Raw | undefined;
}

/** A query's rows as one json array: an expression for another statement's select list. */
export function jsonRowsOf(db: Knex, query: Knex.Raw): Knex.Raw {
  return db.raw(`(SELECT coalesce(json_agg(locked), '[]'::json) FROM (?) AS locked)`, [query]);
}

/** One sink over several listeners, called in order; it writes when any of them may. */
export function fanOutSink(sinks: readonly RecordEventSink[]): RecordEventSink {
  return {
    async writesFor(db, app, write) {
      for (const sink of sinks) if (await (sink.writesFor?.(db, app, write) ?? Promise.resolve(true))) return true;
      return false;
    },
    // The listeners' lock queries as one json array, an element per listener (null: it locks nothing).
    locksFor(db, target) {
      const queries = sinks.map((sink) => sink.locksFor?.(db, target));
      if (queries.every((query) => query === undefined)) return undefined;
      const parts = queries.map((query) => query ?? db.raw('NULL::json'));
      return db.raw(`json_build_array(${parts.map(() => '?').join(', ')})`, parts);
    },
    async recordWritten(trx, event) {
      const { locked: all, ...rest } = event;
      const locked: unknown[] = Array.isArray(all) ? all : [];
      for (const [i, sink] of sinks.entries()) {
        const own = locked[i] ?? null;
        await sink.recordWritten(trx, own === null ? rest : { ...rest, locked: own });
      }
    },
  };
}

export const discardingEventSink: RecordEventSink = {
  async writesFor() {
    return false;
  },
  async recordWritten() {
    // Nothing listens yet.
  },
};
