import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { recordsTestApp } from '../records/records.fixtures.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * The workers a runtime starts with its defaults (`npm start`, CRM_WORKER_BATCH unset) work off a
 * backlog in batches, on PGlite as on PostgreSQL. PGlite's workers used to claim one job at a time
 * for its single connection's sake, which cost every run a transaction and a claim of its own: the
 * bench's PGlite drain went from 79 to 156 runs/s with batches of 8. Runs advanced in one
 * transaction share its now(), so their finished_at tell the batches apart.
 */

const BACKLOG = 24;

function backlogApp(): App {
  const app = recordsTestApp();
  app.processes = [
    {
      name: 'backlog_flow',
      mode: 'after-save',
      trigger: { type: 'webhook', name: 'backlog_flow' },
      nodes: [
        { id: 'check', type: 'condition', config: { condition: { field: 'trigger.body.n', op: 'gte', value: 0 } } },
        { id: 'done', type: 'end', config: { status: 'completed' } },
      ],
      edges: [
        { from: 'trigger', to: 'check' },
        { from: 'check', to: 'done', handle: 'true' },
        { from: 'check', to: 'done', handle: 'false' },
      ],
    },
  ];
  return app;
}

interface RunRow {
  status: string;
  finished_at: Date | string | null;
}

describe.each(testDatabaseKinds())('a backlog worked off by the default workers on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: backlogApp() });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('advances the waiting runs in batches of more than one', async () => {
    // ARRANGE: a backlog built while no worker runs.
    const ids: string[] = [];
    for (let n = 0; n < BACKLOG; n++) {
      const res = await rt.request<{ runId: string }>('POST', '/api/hooks/backlog_flow', { body: { n }, headers: { 'idempotency-key': `backlog-${kind}-${n}` } });
      expect(res.status).toBe(202);
      ids.push(res.body.runId);
    }

    // ACT: workers with the runtime's defaults, as `npm start` starts them.
    await rt.runtime.startWorkers();
    let runs: RunRow[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      runs = await rt.db.knex<RunRow>('process_runs').whereIn('id', ids).select('status', 'finished_at');
      if (runs.every((r) => r.status === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // ASSERT: every run completed, and one transaction finished several of them.
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
    const perTransaction = new Map<string, number>();
    for (const run of runs) {
      const at = new Date(run.finished_at ?? 0).toISOString();
      perTransaction.set(at, (perTransaction.get(at) ?? 0) + 1);
    }
    const largest = Math.max(...perTransaction.values());
    // The claim starts at 1 and doubles while it gets all it asked for: 1, 2, 4, 8, 8, 1 for 24 jobs.
    expect(largest, JSON.stringify([...perTransaction.values()])).toBeGreaterThanOrEqual(4);
    expect(perTransaction.size).toBeLessThan(BACKLOG / 2);
  });
});
