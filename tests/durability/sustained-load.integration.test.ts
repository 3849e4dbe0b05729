import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { publish, signIn, sleep, type ApiClient } from './harness/api-client.js';
import { chainProcess, CHAIN_STEPS, durabilityApp, orderProcess, ORDER_STEPS } from './harness/durability-app.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { LONG, SCALE } from './harness/durability-scale.js';
import { auditLedger } from './harness/ledger.checks.js';
import { RuntimeChild } from './harness/runtime-child.js';
import { waitProcessIdle } from './harness/run-driving.js';

/*
 * Sustained load against one runtime child: webhook runs and record writes (new orders, which
 * start runs, and counter updates) at a steady rate, while the child's resident memory (VmRSS)
 * and open file descriptors (/proc/<pid>/fd) are sampled every second. After a warm-up quarter,
 * neither may keep growing: the end of the run is compared with the start of the steady state.
 * Every request must be answered, and the runs must drain afterwards. CI: ~20 s;
 * CRM_DURABILITY_LONG=1: three minutes.
 */

interface Sample {
  at: number;
  rssKb: number;
  fds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** The RSS floor may rise by this much after warm-up (heap sizing settles late); a leak under load rises past it. */
const RSS_TOLERANCE = LONG ? { ratio: 1.2, kb: 48 * 1024 } : { ratio: 1.25, kb: 64 * 1024 };
const FD_TOLERANCE = 16;

describe.each(testDatabaseKinds())('sustained load on %s', (kind) => {
  let store: DurableStore;
  let child: RuntimeChild;
  let admin: ApiClient;

  beforeAll(async () => {
    store = await createDurableStore(kind);
    child = await RuntimeChild.start(store, { tag: 'sustained' });
    admin = await signIn(child.baseUrl);
    await publish(admin, durabilityApp([chainProcess('load_chain'), orderProcess()]));
  }, SCALE.testTimeoutMs);

  afterAll(async () => {
    await child?.kill9();
    await store?.drop();
  });

  it('keeps memory and open handles flat and drains every run', async () => {
    const { durationMs, maxInFlight } = SCALE.sustained;
    const rate = SCALE.sustained.rates[kind];
    const item = await admin.expect<{ id: string }>(201, 'POST', '/api/records/item', { body: { title: 'load', counter: 0 } });
    const samples: Sample[] = [];
    const failures: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let behind = 0;

    /** Sends unless the server is already behind (then the request is skipped and counted: the load stays steady, never a growing queue). */
    function fire(work: () => Promise<{ status: number; error?: string }>, ok: number): boolean {
      if (inFlight.size >= maxInFlight) {
        behind += 1;
        return false;
      }
      const request = work().then((res) => {
        if (res.status !== ok) failures.push(`${res.status} ${res.error ?? ''}`);
      });
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
      return true;
    }

    const startedAt = Date.now();
    let nextSample = startedAt;
    let runTicks = 0;
    let writeTicks = 0;
    let runsSent = 0;
    let ordersSent = 0;
    let patchesSent = 0;
    while (Date.now() < startedAt + durationMs) {
      const elapsed = (Date.now() - startedAt) / 1000;
      for (; runTicks < Math.floor(elapsed * rate.runs); runTicks += 1) {
        const key = `load-${runsSent}`;
        if (fire(() => admin.hook('load_chain', key), 202)) runsSent += 1;
      }
      for (; writeTicks < Math.floor(elapsed * rate.writes); writeTicks += 1) {
        if (writeTicks % 2 === 0) {
          const n = ordersSent;
          if (fire(() => admin.send('POST', '/api/records/order', { body: { title: `load order ${n}`, amount: n } }), 201)) ordersSent += 1;
        } else if (fire(() => admin.send('PATCH', `/api/records/item/${item.id}`, { body: { counter: writeTicks } }), 200)) {
          patchesSent += 1;
        }
      }
      if (Date.now() >= nextSample) {
        samples.push({ at: Date.now() - startedAt, ...child.resources() });
        nextSample += 1000;
      }
      await sleep(20);
    }
    await Promise.all(inFlight);
    const sent = runsSent + ordersSent + patchesSent;

    // RSS saws up and down with garbage collection: compare the floors (what survives a collection)
    // of the first and last thirds of the steady state; a leak raises the floor.
    const warm = samples.filter((s) => s.at >= durationMs / 4);
    const third = Math.max(3, Math.floor(warm.length / 3));
    const early = warm.slice(0, third);
    const late = warm.slice(-third);
    const rss = { early: Math.min(...early.map((s) => s.rssKb)), late: Math.min(...late.map((s) => s.rssKb)) };
    const fds = { early: median(early.map((s) => s.fds)), late: median(late.map((s) => s.fds)) };
    console.log(
      `sustained load on ${kind}: ${sent} requests in ${durationMs} ms (${behind} skipped while ${maxInFlight} were in flight); RSS ${Math.round(rss.early / 1024)} -> ${Math.round(rss.late / 1024)} MB; fds ${fds.early} -> ${fds.late}; samples ${JSON.stringify(samples.map((s) => [s.at, Math.round(s.rssKb / 1024), s.fds]))}`,
    );

    expect(failures).toEqual([]);
    // Not a throughput test (a busy machine serves fewer: the rest is skipped, see the log line),
    // but a test under load: at least one request a second on average kept the runtime busy.
    expect(sent).toBeGreaterThanOrEqual(durationMs / 1000);
    expect(fds.late).toBeLessThanOrEqual(fds.early + FD_TOLERANCE);

    await waitProcessIdle(admin, child, 'load_chain', 180_000);
    await waitProcessIdle(admin, child, 'order_flow', 180_000);
    // V8 may go the whole window without a major collection (seen on PostgreSQL in CI: the heap
    // grew 344 -> 530 MB in 20 s, then fell to 406 MB in the next run's window), so a late floor
    // above the limit is only a leak if it survives one: once the work is done, V8's memory reducer
    // collects as allocation stops. Sampled until under the limit or 20 s have passed.
    const rssLimit = Math.max(rss.early * RSS_TOLERANCE.ratio, rss.early + RSS_TOLERANCE.kb);
    let rssFloor = rss.late;
    for (const until = Date.now() + 20_000; rssFloor > rssLimit && Date.now() < until; ) {
      await sleep(500);
      rssFloor = Math.min(rssFloor, child.resources().rssKb);
    }
    if (rssFloor < rss.late) console.log(`sustained load on ${kind}: RSS floor ${Math.round(rssFloor / 1024)} MB once idle`);
    expect(rssFloor).toBeLessThanOrEqual(rssLimit);
    await child.stop();
    const audit = await store.inspect((knex) =>
      auditLedger(knex, [
        { process: 'load_chain', steps: CHAIN_STEPS },
        { process: 'order_flow', steps: ORDER_STEPS },
      ]),
    );
    expect(audit).toEqual({ runsByStatus: { completed: runsSent + ordersSent }, duplicates: [], missing: [], doubleSteps: [], orphans: 0 });
  }, SCALE.testTimeoutMs);
});
