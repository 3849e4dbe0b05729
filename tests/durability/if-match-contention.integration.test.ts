import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { publish, signIn, type ApiClient } from './harness/api-client.js';
import { durabilityApp } from './harness/durability-app.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { SCALE } from './harness/durability-scale.js';
import { RuntimeChild } from './harness/runtime-child.js';

/*
 * Optimistic locking under contention (issue 5 item 3): ten clients increment counters on the
 * same few records for a while, each with read -> PATCH {counter: read + 1} and If-Match: <the
 * version read>, retrying on 412. A lost update would leave a counter below the number of 200s.
 * CI: ~10 s; CRM_DURABILITY_LONG=1: a minute.
 */

interface Item {
  id: string;
  version: number;
  counter: number;
}

describe.each(testDatabaseKinds())('If-Match contention on %s', (kind) => {
  let store: DurableStore;
  let child: RuntimeChild;
  let admin: ApiClient;

  beforeAll(async () => {
    store = await createDurableStore(kind);
    child = await RuntimeChild.start(store, { tag: 'if_match' });
    admin = await signIn(child.baseUrl);
    await publish(admin, durabilityApp([]));
  }, SCALE.testTimeoutMs);

  afterAll(async () => {
    await child?.kill9();
    await store?.drop();
  });

  it(`${SCALE.ifMatch.clients} clients editing ${SCALE.ifMatch.records} records lose no update`, async () => {
    const { clients, records, durationMs } = SCALE.ifMatch;
    const items: Item[] = [];
    for (let i = 0; i < records; i += 1) items.push(await admin.expect<Item>(201, 'POST', '/api/records/item', { body: { title: `item ${i}`, counter: 0 } }));
    const successes = new Map<string, number>(items.map((item) => [item.id, 0]));
    const unexpected: string[] = [];
    let conflicts = 0;
    const deadline = Date.now() + durationMs;

    async function client(n: number): Promise<void> {
      let turn = n;
      while (Date.now() < deadline) {
        const target = items[turn++ % items.length];
        if (!target) continue;
        const read = await admin.expect<Item>(200, 'GET', `/api/records/item/${target.id}`);
        const res = await admin.send<Item>('PATCH', `/api/records/item/${target.id}`, { body: { counter: read.counter + 1 }, headers: { 'if-match': `"${read.version}"` } });
        if (res.status === 200 && res.body) {
          successes.set(target.id, (successes.get(target.id) ?? 0) + 1);
          if (res.body.counter !== read.counter + 1 || res.body.version !== read.version + 1) unexpected.push(`200 with ${JSON.stringify(res.body)} after reading ${JSON.stringify(read)}`);
        } else if (res.status === 412) {
          conflicts += 1;
        } else {
          unexpected.push(`${res.status} ${JSON.stringify(res.body) ?? res.error}`);
        }
      }
    }
    await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));

    expect(unexpected).toEqual([]);
    expect(conflicts).toBeGreaterThan(0);
    for (const item of items) {
      const final = await admin.expect<Item>(200, 'GET', `/api/records/item/${item.id}`);
      const won = successes.get(item.id) ?? 0;
      expect(won).toBeGreaterThan(0);
      expect({ counter: final.counter, version: final.version }).toEqual({ counter: won, version: item.version + won });
    }
    console.log(`If-Match on ${kind}: ${[...successes.values()].reduce((a, b) => a + b, 0)} updates, ${conflicts} conflicts retried`);
  }, SCALE.testTimeoutMs);
});
