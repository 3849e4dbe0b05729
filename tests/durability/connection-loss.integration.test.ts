import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { publish, signIn, sleep, type RunBody } from './harness/api-client.js';
import { chainProcess, CHAIN_STEPS, durabilityApp, orderProcess, ORDER_STEPS } from './harness/durability-app.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { SCALE } from './harness/durability-scale.js';
import { auditLedger } from './harness/ledger.checks.js';
import { RuntimeChild } from './harness/runtime-child.js';
import { deliver, waitProcessIdle, type Delivery } from './harness/run-driving.js';

/*
 * Database trouble (PostgreSQL only; PGlite lives inside the runtime's process): while runs
 * execute and records are written, every connection the runtime holds is terminated again and
 * again (pg_terminate_backend), mid-transaction. A transaction cut off must leave nothing half
 * written: every completed run has all its ledger rows and none twice, every order has exactly
 * one run, and runs resume on their own once the database is reachable again (none parked as
 * failed for the database's trouble).
 */

const ORDERS = 20;

describe.skipIf(!testDatabaseKinds().includes('postgres'))('connections terminated mid-transaction on postgres', () => {
  let store: DurableStore | undefined;
  let child: RuntimeChild | undefined;
  afterAll(async () => {
    await child?.kill9();
    await store?.drop();
  });

  it('leaves no half-written state and the runs resume', async () => {
    store = await createDurableStore('postgres');
    const db = store;
    const runtime = await RuntimeChild.start(db, { tag: 'conn_loss', concurrency: 4 });
    child = runtime;
    const admin = await signIn(runtime.baseUrl);
    await publish(admin, durabilityApp([chainProcess('conn_chain'), orderProcess()]));

    let terminated = 0;
    let cutting = true;
    const cutter = db.inspect(async (knex) => {
      while (cutting) {
        const rows: unknown[] = await knex('pg_stat_activity')
          .where({ datname: db.databaseName, application_name: 'conn_loss' })
          .select(knex.raw('pg_terminate_backend(pid) AS done'));
        terminated += rows.length;
        await sleep(100 + Math.floor(Math.random() * 300));
      }
    });

    const deliveries: Delivery[] = Array.from({ length: SCALE.connectionLoss.runs }, (_, i) => ({ key: `cut-${i}`, runId: null }));
    const orderAnswers: number[] = [];
    const startedAt = Date.now();
    const duration = SCALE.connectionLoss.terminateForMs;
    const load = (async () => {
      let orders = 0;
      while (Date.now() < startedAt + duration || deliveries.some((d) => !d.runId)) {
        // Spread over the whole time, so runs are mid-transaction whenever a connection is cut.
        const due = Math.ceil(deliveries.length * Math.min(1, (Date.now() - startedAt) / (duration * 0.8)));
        await deliver(admin, 'conn_chain', deliveries.slice(0, due), 4);
        if (orders < ORDERS) {
          const res = await admin.send('POST', '/api/records/order', { body: { title: `order ${orders}`, amount: orders } });
          orderAnswers.push(res.status);
          orders += 1;
        }
        await sleep(100);
      }
    })();
    await load;
    cutting = false;
    await cutter;
    expect(runtime.alive).toBe(true);
    expect(terminated).toBeGreaterThan(10);

    // Runs resume on their own once the database is back: none may be parked as failed because its
    // connection was cut (that is the database's trouble, not the step's). Should any be, the admin's
    // retry finishes them so the state checks below still run.
    await waitProcessIdle(admin, runtime, 'conn_chain', 180_000);
    await waitProcessIdle(admin, runtime, 'order_flow', 180_000);
    const failed = [...(await admin.runsWithStatus('conn_chain', 'failed')), ...(await admin.runsWithStatus('order_flow', 'failed'))];
    console.log(`connection loss: ${terminated} connections terminated; order answers ${JSON.stringify(orderAnswers)}; parked: ${JSON.stringify(failed.map((r) => ({ id: r.id, error: r.error })))}`);
    expect.soft(failed.map((r) => r.error), 'runs parked as failed by connection loss').toEqual([]);
    for (const run of failed) await admin.expect<RunBody>(200, 'POST', `/api/runs/${run.id}/retry`);
    await waitProcessIdle(admin, runtime, 'conn_chain', 120_000);
    await waitProcessIdle(admin, runtime, 'order_flow', 120_000);

    const audit = await db.inspect(async (knex) => {
      const ledger = await auditLedger(knex, [
        { process: 'conn_chain', steps: CHAIN_STEPS },
        { process: 'order_flow', steps: ORDER_STEPS },
      ]);
      const orders: Array<{ id: string; runs: number | string }> = await knex('rec_order AS o')
        .leftJoin('process_runs AS r', function joinRuns() {
          this.on('r.record_id', '=', 'o.id').andOn('r.process', '=', knex.raw('?', ['order_flow']));
        })
        .groupBy('o.id')
        .select('o.id', knex.raw('count(r.id) AS runs'));
      const runsWithoutOrder: unknown[] = await knex('process_runs AS r')
        .where('r.process', 'order_flow')
        .whereNotExists(knex('rec_order AS o').whereRaw('o.id = r.record_id'))
        .select('r.id');
      return { ledger, orders, runsWithoutOrder };
    });
    expect(audit.orders.filter((o) => Number(o.runs) !== 1)).toEqual([]);
    expect(audit.orders.length).toBeGreaterThanOrEqual(orderAnswers.filter((s) => s === 201).length);
    expect(audit.runsWithoutOrder).toEqual([]);
    expect(audit.ledger).toEqual({
      runsByStatus: { completed: deliveries.length + audit.orders.length },
      duplicates: [],
      missing: [],
      doubleSteps: [],
      orphans: 0,
    });
  }, SCALE.testTimeoutMs);
});
