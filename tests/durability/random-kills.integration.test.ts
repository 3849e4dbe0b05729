import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { publish, signIn, sleep, type ApiClient } from './harness/api-client.js';
import { chainProcess, CHAIN_STEPS, durabilityApp, orderProcess, ORDER_STEPS } from './harness/durability-app.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { SCALE } from './harness/durability-scale.js';
import { auditLedger } from './harness/ledger.checks.js';
import { RuntimeChild } from './harness/runtime-child.js';
import { deliver, waitProcessIdle, type Delivery } from './harness/run-driving.js';
import { seededRandom, type Random } from './harness/seeded-random.js';

/*
 * Issue 5 item 3 at scale: N runs (webhook deliveries with an Idempotency-Key, and new order
 * records whose after-save process starts in the record's transaction) while the runtime is
 * SIGKILLed K times, at random points of a job's life (CRM_FAULT_KILL_AT at a random node and
 * count) or from outside at a random moment, restarted on the same data each time. Afterwards:
 * every delivery has exactly one run, every order record exactly one run, all completed, and the
 * ledger has every step of every run exactly once (0 runs lost, 0 steps applied twice).
 *
 * CI: ~100 runs, ~10 kills. CRM_DURABILITY_LONG=1: 1,000 runs, 60 kills. CRM_DURABILITY_SEED
 * replays a schedule.
 */

const POINTS = {
  'job-claimed': { kill_chain: ['s1', 'w1', 'w2'], order_flow: ['o1', 'ow'] },
  'run-committed': { kill_chain: ['s1', 'w1', 'w2'], order_flow: ['o1', 'ow'] },
  'step-applied': { kill_chain: ['s1', 'w1', 's2', 'split', 'pa', 'pb', 'join', 's3', 'w2', 's4', 'done'], order_flow: ['o1', 'ow', 'o2', 'done'] },
} as const;

type Point = keyof typeof POINTS;

/** A fault at a random point, node and count, or null: killed from outside at a random moment. */
function randomFault(random: Random): string | null {
  if (random.next() < 0.4) return null;
  const point = random.pick<Point>(['job-claimed', 'run-committed', 'step-applied']);
  const process = random.pick(['kill_chain', 'kill_chain', 'order_flow'] as const);
  const node = random.pick(POINTS[point][process]);
  return `${point}:${process}:${node}@${random.int(1, 6)}`;
}

interface OrderAttempt {
  answered: boolean;
}

/** Creates orders; one with no answer may or may not have committed (it is never retried: a retry would be another order). */
async function createOrders(api: ApiClient, count: number, offset: number): Promise<OrderAttempt[]> {
  const attempts: OrderAttempt[] = [];
  for (let i = 0; i < count; i += 1) {
    const res = await api.send('POST', '/api/records/order', { body: { title: `order ${offset + i}`, amount: 1000 + i } });
    if (res.status !== 0 && res.status !== 201 && res.status < 500) throw new Error(`POST /api/records/order: ${res.status} ${JSON.stringify(res.body)}`);
    attempts.push({ answered: res.status === 201 });
    if (res.status === 0) break;
  }
  return attempts;
}

describe.each(testDatabaseKinds())('random SIGKILLs on %s', (kind) => {
  let store: DurableStore | undefined;
  let latest: RuntimeChild | undefined;
  afterAll(async () => {
    await latest?.kill9();
    await store?.drop();
  });

  it(`loses no run and applies no step twice over ${SCALE.randomKills.runs} runs and ${SCALE.randomKills.kills} kills`, async () => {
    const { runs, kills, orderShare } = SCALE.randomKills;
    const random = seededRandom();
    console.log(`random SIGKILLs on ${kind}: seed ${random.seed} (CRM_DURABILITY_SEED=${random.seed} replays it)`);
    store = await createDurableStore(kind);
    let child = await RuntimeChild.start(store, { tag: 'random_kills' });
    latest = child;
    const admin = await signIn(child.baseUrl);
    await publish(admin, durabilityApp([chainProcess('kill_chain'), orderProcess()]));

    const orderCount = Math.round(runs * orderShare);
    const deliveries: Delivery[] = Array.from({ length: runs - orderCount }, (_, i) => ({ key: `kill-${i}`, runId: null }));
    const perRound = Math.ceil(deliveries.length / kills);
    const ordersPerRound = Math.ceil(orderCount / kills);
    const orders: OrderAttempt[] = [];
    const deaths: Array<{ fault: string | null; how: string }> = [];

    for (let round = 0; round < kills; round += 1) {
      const fault = randomFault(random);
      if (child.alive) await child.kill9();
      child = await child.restart({ faultKillAt: fault });
      latest = child;
      const current = child;
      const batch = deliveries.slice(0, (round + 1) * perRound).filter((d) => !d.runId);
      const orderBatch = Math.min(ordersPerRound, orderCount - orders.length);
      // From outside: a random moment while this round's work is being delivered and run.
      const outsideKillAt = Date.now() + random.int(300, 4000);
      const killer = (async () => {
        while (current.alive && Date.now() < outsideKillAt) await sleep(25);
      })();
      await Promise.all([deliver(admin, 'kill_chain', batch, 3), createOrders(admin, orderBatch, orders.length).then((a) => orders.push(...a))]);
      await killer;
      if (child.alive) {
        // The armed point was not reached in this round, or the kill comes from outside.
        await child.kill9();
        deaths.push({ fault, how: 'outside' });
      } else {
        deaths.push({ fault, how: 'fault' });
      }
    }

    child = await child.restart({ faultKillAt: null });
    latest = child;
    await deliver(admin, 'kill_chain', deliveries, 3);
    const missingOrders = orderCount - orders.length;
    if (missingOrders > 0) orders.push(...(await createOrders(admin, missingOrders, orders.length)));
    expect(deliveries.every((d) => d.runId)).toBe(true);
    await waitProcessIdle(admin, child, 'kill_chain', 300_000);
    await waitProcessIdle(admin, child, 'order_flow', 300_000);
    await child.stop();

    const result = await store.inspect(async (knex) => {
      const audit = await auditLedger(knex, [
        { process: 'kill_chain', steps: CHAIN_STEPS },
        { process: 'order_flow', steps: ORDER_STEPS },
      ]);
      const keys: Array<{ dedupe_key: string }> = await knex('process_runs').where({ process: 'kill_chain' }).select('dedupe_key');
      const orderRuns: Array<{ id: string; runs: number | string }> = await knex('rec_order AS o')
        .leftJoin('process_runs AS r', function joinRuns() {
          this.on('r.record_id', '=', 'o.id').andOn('r.process', '=', knex.raw('?', ['order_flow']));
        })
        .groupBy('o.id')
        .select('o.id', knex.raw('count(r.id) AS runs'));
      return { audit, keys: keys.map((k) => k.dedupe_key).sort(), orderRuns };
    });

    expect(deaths).toHaveLength(kills);
    expect(result.keys).toEqual(deliveries.map((d) => `hook:kill_chain:${d.key}`).sort());
    // Orders answered 201 certainly exist; those whose answer was lost may or may not.
    expect(result.orderRuns.length).toBeGreaterThanOrEqual(orders.filter((o) => o.answered).length);
    expect(result.orderRuns.filter((o) => Number(o.runs) !== 1)).toEqual([]);
    expect(result.audit).toEqual({
      runsByStatus: { completed: deliveries.length + result.orderRuns.length },
      duplicates: [],
      missing: [],
      doubleSteps: [],
      orphans: 0,
    });
    console.log(`random SIGKILLs on ${kind}: ${deliveries.length} webhook runs, ${result.orderRuns.length} order runs, deaths ${JSON.stringify(deaths)}`);
  }, SCALE.testTimeoutMs);
});
