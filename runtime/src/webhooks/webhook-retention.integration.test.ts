import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { pruneWebhookDeliveries } from './webhook-retention.duty.js';

/*
 * Finished webhook deliveries are kept for the retention period, then deleted with the event
 * snapshots (whole records) nothing refers to any more; pending ones stay whatever their age.
 */

describe.each(testDatabaseKinds())('webhook delivery retention on %s', (kind) => {
  let rt: TestRuntime;
  let subscriptionId: string;

  async function event(daysAgo: number): Promise<string> {
    const id = crypto.randomUUID();
    await rt.db.knex('webhook_events').insert({
      id,
      entity: 'deal',
      action: 'create',
      record_id: crypto.randomUUID(),
      version: 1,
      record: JSON.stringify({ title: 'x' }),
      changes: JSON.stringify({}),
      occurred_at: rt.db.knex.raw(`now() - make_interval(days => ?)`, [daysAgo]),
    });
    return id;
  }

  async function delivery(eventId: string, status: string, daysAgo: number): Promise<string> {
    const id = crypto.randomUUID();
    const at = rt.db.knex.raw(`now() - make_interval(days => ?)`, [daysAgo]);
    await rt.db.knex('webhook_deliveries').insert({
      id,
      subscription_id: subscriptionId,
      event_id: eventId,
      event: 'deal.create',
      status,
      created_at: at,
      finished_at: status === 'pending' ? null : at,
    });
    return id;
  }

  async function remaining(table: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await rt.db.knex(table).select('id');
    return rows.map((r) => r.id).sort();
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind);
    const admin: { id: string } | undefined = await rt.db.knex('users').first('id');
    const [row] = await rt.db
      .knex('webhook_subscriptions')
      .insert({ name: 'retention', url: 'https://example.com/hook', entity: 'deal', events: ['create'], secret: 's', owner_id: admin?.id })
      .returning<Array<{ id: string }>>('id');
    subscriptionId = row?.id ?? '';
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('deletes finished deliveries older than the period and their unreferenced events; keeps pending and recent ones', async () => {
    // ARRANGE
    const oldEvent = await event(40);
    const oldDelivered = await delivery(oldEvent, 'delivered', 40);
    const oldFailed = await delivery(oldEvent, 'failed', 35);
    const oldSkipped = await delivery(oldEvent, 'skipped', 31);
    const stuckEvent = await event(90);
    const oldPending = await delivery(stuckEvent, 'pending', 90);
    const recentEvent = await event(5);
    const recentDelivered = await delivery(recentEvent, 'delivered', 5);
    const sharedEvent = await event(40);
    const sharedOld = await delivery(sharedEvent, 'delivered', 40);
    const sharedRecent = await delivery(sharedEvent, 'failed', 2);

    // ACT
    const summary = await pruneWebhookDeliveries(rt.db.knex, { retentionDays: 30, batchSize: 2 });

    // ASSERT
    expect(summary).toEqual({ deliveries: 4, events: 1 });
    const left = await remaining('webhook_deliveries');
    expect(left).toEqual([oldPending, recentDelivered, sharedRecent].sort());
    for (const gone of [oldDelivered, oldFailed, oldSkipped, sharedOld]) expect(left).not.toContain(gone);
    expect(await remaining('webhook_events')).toEqual([stuckEvent, recentEvent, sharedEvent].sort());
    expect(await pruneWebhookDeliveries(rt.db.knex, { retentionDays: 30 })).toEqual({ deliveries: 0, events: 0 });
  });
});
