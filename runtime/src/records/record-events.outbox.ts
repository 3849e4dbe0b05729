import type { Knex } from 'knex';
import type { RecordAction, RecordCaller, StoredRecord } from './record.types.js';
import type { FieldChange } from './record.types.js';

/*
 * The outbox seam (ARCHITECTURE §3): the events a write triggers are stored in the write's own
 * transaction, so they commit or roll back with it, and after-save workers pick them up later. The
 * engine provides the real sink; until then writes emit into nothing.
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
}

export interface RecordEventSink {
  recordWritten(trx: Knex.Transaction, event: RecordWriteEvent): Promise<void>;
}

export const discardingEventSink: RecordEventSink = {
  async recordWritten() {
    // Nothing listens yet.
  },
};
