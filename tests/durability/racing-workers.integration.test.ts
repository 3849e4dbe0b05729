import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { publish, signIn, type ApiClient } from './harness/api-client.js';
import { chainProcess, CHAIN_STEPS, durabilityApp, forkProcess, FORK_STEPS } from './harness/durability-app.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { SCALE } from './harness/durability-scale.js';
import { auditLedger } from './harness/ledger.checks.js';
import { RuntimeChild } from './harness/runtime-child.js';
import { deliver, runIdsOf, waitFinished, type Delivery } from './harness/run-driving.js';

/*
 * Workers racing over one queue: several loops in one runtime (CRM_WORKER_CONCURRENCY=4), and on
 * PostgreSQL two runtime processes with four loops each on the same database. Jobs are claimed
 * with FOR UPDATE SKIP LOCKED; if two workers ever took the same job, a step would be applied
 * twice and its ledger row would be there twice. The fork process makes two jobs of one run due
 * at the same moment, so workers also race on one run and its join.
 */

function deliveries(prefix: string, count: number): Delivery[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${prefix}-${i}`, runId: null }));
}

describe.each(testDatabaseKinds())('racing workers on %s', (kind) => {
  let store: DurableStore;
  let first: RuntimeChild;
  let second: RuntimeChild | undefined;
  let admin: ApiClient;

  beforeAll(async () => {
    store = await createDurableStore(kind);
    first = await RuntimeChild.start(store, { tag: 'race_a', concurrency: 4 });
    admin = await signIn(first.baseUrl);
    await publish(admin, durabilityApp([chainProcess('race_chain'), forkProcess('race_fork')]));
  }, SCALE.testTimeoutMs);

  afterAll(async () => {
    await first?.kill9();
    await second?.kill9();
    await store?.drop();
  });

  it('one runtime with four worker loops runs every run once', async () => {
    const batch = deliveries('one', SCALE.racing.runs);
    const forks = deliveries('one-fork', SCALE.racing.runs / 2);
    await Promise.all([deliver(admin, 'race_chain', batch, 2), deliver(admin, 'race_fork', forks, 2)]);
    const runIds = [...runIdsOf(batch), ...runIdsOf(forks)];
    const runs = await waitFinished(admin, first, runIds, SCALE.testTimeoutMs / 2);
    expect(runs.filter((r) => r.status !== 'completed')).toEqual([]);
  }, SCALE.testTimeoutMs);

  it.runIf(kind === 'postgres')('two runtime processes on one database both claim work and never the same job', async () => {
    second = await RuntimeChild.start(store, { tag: 'race_b', concurrency: 4 });
    const databaseName = store.databaseName ?? '';
    // Which processes wrote ledger rows (a step executed) while the runs raced: both must have.
    const writers = new Set<string>();
    let sampling = true;
    const sampler = store.inspect(async (knex) => {
      while (sampling) {
        const rows: Array<{ application_name: string; query: string }> = await knex('pg_stat_activity')
          .where({ datname: databaseName })
          .whereRaw(`query ILIKE '%insert into "rec_ledger"%' AND pid <> pg_backend_pid()`)
          .select('application_name', 'query');
        for (const row of rows) writers.add(row.application_name);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    const viaFirst = deliveries('two-a', SCALE.racing.runs / 2);
    const viaSecond = deliveries('two-b', SCALE.racing.runs / 2);
    const forks = deliveries('two-fork', SCALE.racing.runs / 2);
    const secondAdmin = admin.as(admin.token ?? '');
    secondAdmin.baseUrl = second.baseUrl;
    await Promise.all([deliver(admin, 'race_chain', viaFirst, 3), deliver(secondAdmin, 'race_chain', viaSecond, 3), deliver(secondAdmin, 'race_fork', forks, 2)]);
    const runs = await waitFinished(admin, first, [...runIdsOf(viaFirst), ...runIdsOf(viaSecond), ...runIdsOf(forks)], SCALE.testTimeoutMs / 2);
    sampling = false;
    await sampler;
    expect(runs.filter((r) => r.status !== 'completed')).toEqual([]);
    expect([...writers].sort()).toEqual(['race_a', 'race_b']);
  }, SCALE.testTimeoutMs);

  it('no step was applied twice and no run was lost', async () => {
    await Promise.all([first.stop(), second?.stop()]);
    const audit = await store.inspect((knex) =>
      auditLedger(knex, [
        { process: 'race_chain', steps: CHAIN_STEPS },
        { process: 'race_fork', steps: FORK_STEPS },
      ]),
    );
    const perPass = SCALE.racing.runs * 1.5;
    const expected = kind === 'postgres' ? perPass * 2 : perPass;
    expect(audit).toEqual({ runsByStatus: { completed: expected }, duplicates: [], missing: [], doubleSteps: [], orphans: 0 });
  }, 60_000);
});
