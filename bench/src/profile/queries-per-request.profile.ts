import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createRuntime, ensureFirstAdmin, installTemplate, openDatabase } from '@crm/runtime';
import { QUICK_SCALE } from '../bench.options.js';
import { CleanupRegistry } from '../harness/cleanup.registry.js';
import { createPostgresTarget, DEFAULT_BENCH_SERVER } from '../harness/bench.database.js';
import { BENCH_ADMIN_PASSWORD } from '../harness/runtime.child.js';
import { publishWith, setupPeople } from '../setup/crm.setup.js';
import { withFollowupProcess } from '../setup/followup.process.js';
import { countDriverStatements, groupQueries, QueryRecorder, type RecordedQuery } from './query.recorder.js';

/*
 * How many queries the product sends per request, and which: the runtime in this process (the
 * same createRuntime as main.ts) with a knex query recorder, driven over HTTP one request at a
 * time. Prints, per kind of request, the mean queries and their time per request and the
 * statements grouped by text.
 *
 *   node --no-node-snapshot --import tsx bench/src/profile/queries-per-request.profile.ts [--db postgres|pglite] [--n 50]
 */

const { values } = parseArgs({ options: { db: { type: 'string', default: 'postgres' }, n: { type: 'string', default: '50' } } });
const n = Number(values.n);
const registry = new CleanupRegistry();

function report(title: string, queries: RecordedQuery[], wallMs: number, cpu: NodeJS.CpuUsage, per = n): void {
  const total = queries.reduce((sum, q) => sum + q.ms, 0);
  console.log(`\n== ${title}: ${(queries.length / per).toFixed(1)} queries each, ${(total / per).toFixed(2)} ms in queries of ${(wallMs / per).toFixed(2)} ms each`);
  // This process's CPU (the runtime, and on PGlite the database too; never a PostgreSQL server's).
  console.log(`  this process's CPU: ${((cpu.user + cpu.system) / 1000 / per).toFixed(3)} ms each (user ${(cpu.user / 1000 / per).toFixed(3)}, system ${(cpu.system / 1000 / per).toFixed(3)})`);
  for (const g of groupQueries(queries, per)) console.log(`  ${g.count.toFixed(2).padStart(6)} × ${g.ms.toFixed(2).padStart(7)} ms  ${g.sql}`);
}

async function timedBatch(title: string, recorder: QueryRecorder, work: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i += 1) await work(1_000_000 + i);
  recorder.take();
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i += 1) await work(i);
  report(title, recorder.take(), performance.now() - started, process.cpuUsage(cpu));
}

try {
  const target = values.db === 'pglite' ? null : await createPostgresTarget(process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_SERVER, registry);
  const db = await openDatabase({ url: target?.url ?? undefined });
  registry.add('close the database', () => db.close());
  const runtime = await createRuntime(db);
  registry.add('stop the engine', () => runtime.engine.stop());
  await ensureFirstAdmin(db.knex, BENCH_ADMIN_PASSWORD);
  await installTemplate(runtime, 'b2b-sales');
  const server = runtime.httpApp.listen(0, '127.0.0.1');
  registry.add('close the server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? (address satisfies AddressInfo).port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const people = await setupPeople(baseUrl, { ...QUICK_SCALE, reps: 8, signedInReps: 2 });
  const rep = people.signedIn[0];
  if (!rep) throw new Error('no rep');
  const recorder = new QueryRecorder(db.knex);

  await timedBatch('POST /api/records/deal, small amount (not routed)', recorder, (i) => rep.api.post('/api/records/deal', { title: `Small ${i}`, amount: 5000 }, 201));
  await timedBatch('POST /api/records/deal, big amount (routed by route_big_deals)', recorder, (i) => rep.api.post('/api/records/deal', { title: `Big ${i}`, amount: 150_000 }, 201));
  await timedBatch('GET /api/records/deal (filter on stage, sort -amount, 50)', recorder, () =>
    rep.api.get(`/api/records/deal?filter=${encodeURIComponent(JSON.stringify({ field: 'stage', op: 'eq', value: 'lead' }))}&sort=-amount&limit=50`),
  );
  await publishWith(people.admin, withFollowupProcess);
  await timedBatch('POST /api/records/activity (starts bench_call_followup, no workers)', recorder, (i) => rep.api.post('/api/records/activity', { kind: 'call', subject: `Call ${i}` }, 201));

  // The runs those activities started, worked off by one worker in this process; the driver's count
  // adds BEGIN, COMMIT and savepoints, which the recorder does not see.
  const driver = countDriverStatements(db.knex);
  registry.add('stop counting', async () => driver.stop());
  const worker = await runtime.engine.startWorkers({ concurrency: 1, pollMs: 50 });
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (;;) {
    const [row] = await db.knex('process_runs').where({ status: 'running' }).count({ n: '*' });
    if (Number(row?.n ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await worker.stop();
  const roundTrips = driver.take().filter((sql) => !/count\(\*\) as "n" from "process_runs"/i.test(sql)).length;
  driver.stop();
  const runQueries = recorder.take().filter((q) => !/count\(\*\) as "n" from "process_runs"/i.test(q.sql));
  // The warm-up activities started runs too.
  report(`one bench_call_followup run (condition, update, task), ${n + 10} runs by one worker`, runQueries, wall, used, n + 10);
  console.log(`  round trips with BEGIN, COMMIT and savepoints: ${(roundTrips / (n + 10)).toFixed(1)} per run`);
} finally {
  for (const failure of await registry.runAll()) console.error(`cleanup: ${failure}`);
}
