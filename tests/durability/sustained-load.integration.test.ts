import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { publish, signIn, sleep, type ApiClient } from './harness/api-client.js';
import { chainProcess, CHAIN_STEPS, durabilityApp, orderProcess, ORDER_STEPS } from './harness/durability-app.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { LONG, SCALE } from './harness/durability-scale.js';
import { auditLedger } from './harness/ledger.checks.js';
import { RuntimeChild, type HeapProbe } from './harness/runtime-child.js';
import { waitProcessIdle } from './harness/run-driving.js';

/*
 * Sustained load against one runtime child: webhook runs and record writes (new orders, which
 * start runs, and counter updates) at a steady rate. Open file descriptors (/proc/<pid>/fd) are
 * sampled every second and may not keep growing after a warm-up quarter. Memory is measured
 * where it means something: what survives full garbage collections in the child
 * (heap-probe.preload.ts) at the end of warm-up and once the runs have drained. Every request
 * must be answered, and the runs must drain. CI: ~20 s; CRM_DURABILITY_LONG=1: three minutes.
 */

interface Sample {
  at: number;
  rssKb: number;
  fds: number;
}

function mb(kb: number): number {
  return Math.round(kb / 1024);
}

/** The larger of a ratio and an absolute margin: small heaps vary by a few megabytes whatever their size. */
function grown(kb: number, tolerance: { ratio: number; kb: number }): number {
  return Math.max(kb * tolerance.ratio, kb + tolerance.kb);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * What survives full collections may grow this much from warm-up to the end: caches filling up
 * and V8's own bookkeeping. A leak grows with the requests served, past it. Memory outside V8's
 * heap (isolates of the script sandbox, buffers, the allocator) shows in the RSS after the same
 * collections, with a wider margin because freed pages go back to the system only in part.
 */
const HEAP_TOLERANCE = LONG ? { ratio: 1.15, kb: 24 * 1024 } : { ratio: 1.25, kb: 32 * 1024 };
const RSS_TOLERANCE = LONG ? { ratio: 1.2, kb: 48 * 1024 } : { ratio: 1.25, kb: 64 * 1024 };
const FD_TOLERANCE = 16;

describe.each(testDatabaseKinds())('sustained load on %s', (kind) => {
  let store: DurableStore;
  let child: RuntimeChild;
  let admin: ApiClient;

  beforeAll(async () => {
    store = await createDurableStore(kind);
    child = await RuntimeChild.start(store, { tag: 'sustained', heapProbe: true });
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
    let warmProbe: Promise<HeapProbe> | null = null;
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
      // Not awaited: the load goes on while the child collects (its loop stops for that, as for any major collection).
      if (!warmProbe && Date.now() - startedAt >= durationMs / 4) warmProbe = child.heapAfterGc();
      if (Date.now() >= nextSample) {
        samples.push({ at: Date.now() - startedAt, ...child.resources() });
        nextSample += 1000;
      }
      await sleep(20);
    }
    await Promise.all(inFlight);
    const sent = runsSent + ordersSent + patchesSent;

    // File descriptors: the first and last thirds of the steady state.
    const warm = samples.filter((s) => s.at >= durationMs / 4);
    const third = Math.max(3, Math.floor(warm.length / 3));
    const early = warm.slice(0, third);
    const late = warm.slice(-third);
    const fds = { early: median(early.map((s) => s.fds)), late: median(late.map((s) => s.fds)) };
    console.log(
      `sustained load on ${kind}: ${sent} requests in ${durationMs} ms (${behind} skipped while ${maxInFlight} were in flight); fds ${fds.early} -> ${fds.late}; samples ${JSON.stringify(samples.map((s) => [s.at, Math.round(s.rssKb / 1024), s.fds]))}`,
    );

    expect(failures).toEqual([]);
    // Not a throughput test (a busy machine serves fewer: the rest is skipped, see the log line),
    // but a test under load: at least one request a second on average kept the runtime busy.
    expect(sent).toBeGreaterThanOrEqual(durationMs / 1000);
    expect(fds.late).toBeLessThanOrEqual(fds.early + FD_TOLERANCE);

    await waitProcessIdle(admin, child, 'load_chain', 180_000);
    await waitProcessIdle(admin, child, 'order_flow', 180_000);
    // Memory: what survives full collections at the end of warm-up, under load, and once every
    // run has drained. VmRSS alone could not tell a leak from a late collection: V8 may go the
    // whole window without a major one (seen on PostgreSQL in CI: RSS grew 344 -> 530 MB in 20 s
    // and stayed there idle, then fell to 406 MB in the next run's window).
    const atWarm = await (warmProbe ?? child.heapAfterGc());
    const atEnd = await child.heapAfterGc();
    console.log(`sustained load on ${kind}: after full collections, heap ${mb(atWarm.heapUsedKb)} -> ${mb(atEnd.heapUsedKb)} MB, external ${mb(atWarm.externalKb)} -> ${mb(atEnd.externalKb)} MB, RSS ${mb(atWarm.rssKb)} -> ${mb(atEnd.rssKb)} MB`);
    expect(atEnd.heapUsedKb).toBeLessThanOrEqual(grown(atWarm.heapUsedKb, HEAP_TOLERANCE));
    expect(atEnd.rssKb).toBeLessThanOrEqual(grown(atWarm.rssKb, RSS_TOLERANCE));
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
