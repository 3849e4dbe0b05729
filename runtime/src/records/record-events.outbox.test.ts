import knex from 'knex';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { fanOutSink, jsonRowsOf, type RecordEventSink, type RecordWriteEvent } from './record-events.outbox.js';

/*
 * The fan-out's locks: every listener's lock expression goes into one json array the update sends
 * with its statement, and each listener gets back only its own element (record.service.ts update).
 */

const db = knex({ client: 'pg' });

function listener(name: string, heard: Array<[string, unknown]>, locks?: Knex.Raw): RecordEventSink {
  return {
    async recordWritten(_trx, event) {
      heard.push([name, 'locked' in event ? event.locked : 'nothing']);
    },
    ...(locks ? { locksFor: () => locks } : {}),
  };
}

const event = { entity: 'deal', action: 'update', recordId: 'd1', version: 2, before: null, after: { id: 'd1' }, changes: [], caller: { user: null } } as unknown as RecordWriteEvent;
const trx = {} as Knex.Transaction;

describe('fanOutSink locks', () => {
  it('sends no expression when no listener locks anything', () => {
    expect(fanOutSink([listener('a', []), listener('b', [])]).locksFor?.(db, { entity: 'deal', recordId: 'd1' })).toBeUndefined();
  });

  it('gathers the listeners’ expressions in order, null for one that locks nothing, and hands each its own rows', async () => {
    const heard: Array<[string, unknown]> = [];
    const waits = jsonRowsOf(db, db.raw('SELECT id FROM run_jobs WHERE wait_record_id = ? FOR UPDATE SKIP LOCKED', ['d1']));
    const sink = fanOutSink([listener('engine', heard, waits), listener('webhooks', heard), listener('audit', heard, db.raw(`'[]'::json`))]);

    const sql = sink.locksFor?.(db, { entity: 'deal', recordId: 'd1' })?.toSQL().toNative();
    expect(sql?.sql).toBe(
      `json_build_array((SELECT coalesce(json_agg(locked), '[]'::json) FROM (SELECT id FROM run_jobs WHERE wait_record_id = $1 FOR UPDATE SKIP LOCKED) AS locked), NULL::json, '[]'::json)`,
    );
    expect(sql?.bindings).toEqual(['d1']);

    await sink.recordWritten(trx, { ...event, locked: [[{ id: 7 }], null, []] });
    expect(heard).toEqual([
      ['engine', [{ id: 7 }]],
      ['webhooks', 'nothing'],
      ['audit', []],
    ]);
  });

  it('leaves every listener to look for itself when the write sent no locks', async () => {
    const heard: Array<[string, unknown]> = [];
    await fanOutSink([listener('engine', heard, db.raw('NULL::json'))]).recordWritten(trx, event);
    expect(heard).toEqual([['engine', 'nothing']]);
  });
});
