import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DbBench } from '../db-bench.context.js';
import { ApiClient } from '../harness/api.client.js';
import { baselineEnv, startBaseline } from '../harness/baseline.child.js';
import { summarize, type LatencySummary } from '../harness/latency.stats.js';
import { loadProblems, runLoad, runPacedLoad, type LoadResult } from '../harness/load.generator.js';
import { startRuntime, type RuntimeProcess } from '../harness/runtime.child.js';
import { figure, type Figure } from '../report/figure.types.js';
import { progress } from '../report/figure.recorder.js';
import type { SqlSession } from '../harness/sql.session.js';
import { FOLLOWUP_PROCESS, withFollowupProcess } from '../setup/followup.process.js';
import { publishWith, type CrmPeople } from '../setup/crm.setup.js';
import { checkRuns, runWindowStats, type RunWindowStats } from './async-runs.stats.js';

/*
 * Async runs: bench_call_followup (condition, update the activity, create a task) on every new
 * activity.
 *
 *   drain   a backlog of activities is created through an HTTP-only product, then the workers start
 *           (PostgreSQL: two runtime processes with workers; PGlite: the one process) and work it
 *           off: completed runs per second, from the first step to the last run's end.
 *   live    with the workers running (and serving HTTP), activities are created for a while at
 *           full speed: the lag from the creating commit to the run's end, p50 and p99. Creation
 *           outruns the workers there, so this lag grows with the phase's length: it shows overload.
 *   paced   the same with evenly spaced saves at half the rate the workers completed runs in the
 *           full-speed phase (at most 1,000/s, issue 5's old drain goal), which they can follow: the lag a
 *           steady stream of saves sees.
 *   baseline  the same read, UPDATE and INSERT as one plain SQL transaction per run, by as many
 *           processes at the same concurrency: transactions per second and each one's latency.
 */

function activityRequests(people: CrmPeople, label: string) {
  const reps = people.signedIn;
  return (i: number) => ({
    method: 'POST' as const,
    path: '/api/records/activity',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${reps[i % reps.length]?.api.token ?? ''}` },
    body: JSON.stringify({ kind: 'call', subject: `${label} call ${i}` }),
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until no run of the process is still running (all completed or failed). */
async function runsSettled(admin: ApiClient, timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    const page = await admin.get<{ data: unknown[] }>(`/api/processes/${FOLLOWUP_PROCESS}/runs?status=running&limit=1`);
    if (page.data.length === 0) return;
    await sleep(200);
  }
  throw new Error(`runs of ${FOLLOWUP_PROCESS} still running after ${timeoutS} s`);
}

/**
 * Publishes the process and creates the backlog through the HTTP-only product (no worker runs
 * yet). The runner calls it while that product is up, so PGlite needs no extra restart for it.
 */
export async function createBacklog(bench: DbBench): Promise<number> {
  const product = await bench.runtime();
  await publishWith(bench.people.admin, withFollowupProcess);
  const backlog = bench.options.scale.runs.backlog[bench.db];
  const result = await runLoad({ url: product.baseUrl, connections: 16, durationS: 600, maxRequests: backlog, expectStatus: 201, request: activityRequests(bench.people, 'backlog') });
  const problems = loadProblems(result);
  if (problems) throw new Error(`creating the backlog: ${problems}`);
  progress(`${bench.db}: backlog of ${result.ok} activities created at ${result.rps.toFixed(0)}/s (no workers running)`);
  return result.ok;
}

async function startWorkers(bench: DbBench): Promise<RuntimeProcess[]> {
  await bench.stopRuntime();
  if (bench.db === 'pglite') return [await bench.runtime({ workers: 1 })];
  const profile = bench.options.profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${bench.options.profileDir}`] } : {};
  return Promise.all([1, 2].map((n) => startRuntime(bench.target, { name: `worker process ${n}`, workers: 1, ...profile }, bench.registry)));
}

/**
 * Activities created through every worker process for the live phase's length: as fast as
 * answered, or (ratePerS) evenly spaced at that rate over all processes.
 */
async function liveLoad(bench: DbBench, workers: RuntimeProcess[], label: string, ratePerS?: number): Promise<{ seconds: number; load: LoadResult[] }> {
  const { liveS, liveConnections } = bench.options.scale.runs;
  const started = Date.now();
  const load = await Promise.all(
    workers.map((w, n) => {
      const request = activityRequests(bench.people, `${label}${n}`);
      return ratePerS
        ? runPacedLoad({ url: w.baseUrl, ratePerS: ratePerS / workers.length, durationS: liveS, maxInFlight: 256, expectStatus: 201, request })
        : runLoad({ url: w.baseUrl, connections: Math.max(1, Math.round(liveConnections / workers.length)), durationS: liveS, maxRequests: 1_000_000, expectStatus: 201, request });
    }),
  );
  for (const result of load) {
    const problems = loadProblems(result);
    if (problems) throw new Error(`${label} load: ${problems}`);
  }
  return { seconds: (Date.now() - started) / 1000, load };
}

interface PlainResult {
  runs: number;
  runsPerSecond: number;
  latency: LatencySummary;
}

async function plainBaseline(bench: DbBench, count: number, processes: number, concurrency: number): Promise<PlainResult> {
  const prefix = 'plain ';
  await bench.withSql(async (sql) => {
    await sql.query(
      `INSERT INTO rec_activity (owner, created_by, updated_by, kind, subject)
       SELECT o, o, o, 'call', $2 || g FROM generate_series(1, $1::int) g, LATERAL (SELECT ($3::uuid[])[1 + g % cardinality($3::uuid[])] AS o) x`,
      [count, prefix, bench.people.signedIn.map((r) => r.id)],
    );
  });
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'crm-bench-plain-'));
  try {
    const children = Array.from({ length: processes }, (_, index) =>
      startBaseline(
        `plain runs worker ${index}`,
        'plain-runs.worker.ts',
        baselineEnv(bench.target, {
          BENCH_WORKERS: String(processes),
          BENCH_WORKER_INDEX: String(index),
          BENCH_CONCURRENCY: String(concurrency),
          BENCH_PREFIX: prefix,
          BENCH_RESULT_FILE: path.join(dir, `${index}.json`),
        }),
        bench.registry,
      ),
    );
    const exits = await Promise.all(children.map((c) => c.exited));
    exits.forEach((exit, i) => {
      if (exit.code !== 0) throw new Error(`plain runs worker ${i} failed (${JSON.stringify(exit)}):\n${children[i]?.output() ?? ''}`);
    });
    await Promise.all(children.map((c) => c.stop()));
    const parts: Array<{ runs: number; startedAt: number; finishedAt: number; latencies: number[] }> = children.map((_, i) => JSON.parse(fs.readFileSync(path.join(dir, `${i}.json`), 'utf8')));
    const runs = parts.reduce((sum, p) => sum + p.runs, 0);
    const seconds = (Math.max(...parts.map((p) => p.finishedAt)) - Math.min(...parts.map((p) => p.startedAt))) / 1000;
    if (runs !== count) throw new Error(`plain runs: ${runs} of ${count} done`);
    return { runs, runsPerSecond: runs / seconds, latency: summarize(parts.flatMap((p) => p.latencies)) };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** Starts the workers on the backlog createBacklog left, then the live phase, then the baseline. */
export async function measureAsyncRuns(bench: DbBench): Promise<Figure[]> {
  const { scale } = bench.options;
  let workers = await startWorkers(bench);
  let live: { seconds: number; load: LoadResult[] };
  let paced: { seconds: number; load: LoadResult[] };
  let pacedRate: number;
  try {
    let admin = new ApiClient(workers[0]?.baseUrl ?? '', bench.people.admin.token);
    await runsSettled(admin, scale.runs.drainTimeoutS);
    progress(`${bench.db}: backlog worked off by ${workers.length} worker process(es)`);
    live = await liveLoad(bench, workers, 'live');
    await runsSettled(admin, scale.runs.drainTimeoutS);
    // The pace is half the rate the workers completed runs at while also answering the creates
    // (each save costs about as much as a run, so the drain rate would be no headroom at all).
    // Only SQL tells it; on PGlite that needs the product stopped.
    const sustained = await bench.withSql(async (sql) => (await runWindowStats(sql, FOLLOWUP_PROCESS, 'live% call %')).runsPerSecond);
    if (bench.db === 'pglite') {
      workers = await startWorkers(bench);
      admin = new ApiClient(workers[0]?.baseUrl ?? '', bench.people.admin.token);
    }
    pacedRate = Math.max(1, Math.min(1000, Math.round(sustained / 2)));
    progress(`${bench.db}: paced phase at ${pacedRate} activities/s`);
    paced = await liveLoad(bench, workers, 'paced', pacedRate);
    await runsSettled(admin, scale.runs.drainTimeoutS);
  } finally {
    if (bench.db === 'pglite') await bench.stopRuntime();
    else await Promise.all(workers.map((w) => w.stop()));
  }
  // Requests cut off when a load run ends may still have been saved: count what the database holds.
  const count = async (sql: SqlSession, label: string): Promise<number> => {
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM rec_activity WHERE subject LIKE $1`, [`${label}% call %`]);
    return Number(row?.n ?? 0);
  };
  const { drain, liveStats, liveCreated, pacedStats, pacedCreated } = await bench.withSql(async (sql) => {
    const stats = {
      drain: await runWindowStats(sql, FOLLOWUP_PROCESS, 'backlog% call %'),
      liveStats: await runWindowStats(sql, FOLLOWUP_PROCESS, 'live% call %'),
      liveCreated: await count(sql, 'live'),
      pacedStats: await runWindowStats(sql, FOLLOWUP_PROCESS, 'paced% call %'),
      pacedCreated: await count(sql, 'paced'),
    };
    checkRuns('drain', stats.drain, await count(sql, 'backlog'));
    checkRuns('live', stats.liveStats, stats.liveCreated);
    checkRuns('paced', stats.pacedStats, stats.pacedCreated);
    return stats;
  });
  const processes = bench.db === 'pglite' ? 1 : 2;
  const concurrency = bench.db === 'pglite' ? 1 : 4;
  const plain = await plainBaseline(bench, drain.runs, processes, concurrency);
  return asyncFigures(bench, drain, { stats: liveStats, perSecond: liveCreated / live.seconds }, { stats: pacedStats, perSecond: pacedCreated / paced.seconds, target: pacedRate }, plain);
}

interface PhaseResult {
  stats: RunWindowStats;
  /** Activities created per second in the phase. */
  perSecond: number;
}

function asyncFigures(bench: DbBench, drain: RunWindowStats, live: PhaseResult, paced: PhaseResult & { target: number }, plain: PlainResult): Figure[] {
  const db = bench.db;
  const setup = db === 'pglite' ? '1 process, concurrency 1' : '2 processes × concurrency 4';
  const baselineName = `plain SQL transactions, ${setup}`;
  return [
    figure({
      scenario: 'async-runs',
      db,
      metric: 'runs/s (drain)',
      value: drain.runsPerSecond,
      baseline: plain.runsPerSecond,
      baselineName,
      goal: { text: 'ratio ≥ 0.5', on: 'ratio', kind: 'min', limit: 0.5 },
      note: `${drain.completed} runs in ${drain.busySeconds.toFixed(1)} s`,
    }),
    figure({ scenario: 'async-runs', db, metric: 'lag p50 ms (full speed)', value: live.stats.lag.p50, baseline: plain.latency.p50, baselineName: 'one plain transaction' }),
    figure({
      scenario: 'async-runs',
      db,
      metric: 'lag p99 ms (full speed)',
      value: live.stats.lag.p99,
      baseline: plain.latency.p99,
      baselineName: 'one plain transaction',
      note: `${live.stats.completed} runs while activities were created as fast as answered: ${live.perSecond.toFixed(0)}/s`,
    }),
    figure({
      scenario: 'async-runs',
      db,
      metric: `lag p50 ms (paced ${paced.target}/s)`,
      value: paced.stats.lag.p50,
      baseline: plain.latency.p50,
      baselineName: 'one plain transaction',
    }),
    figure({
      scenario: 'async-runs',
      db,
      metric: `lag p99 ms (paced ${paced.target}/s)`,
      value: paced.stats.lag.p99,
      baseline: plain.latency.p99,
      baselineName: 'one plain transaction',
      goal: { text: '< 250 ms', on: 'value', kind: 'max', limit: 250 },
      note: `${paced.stats.completed} runs while activities were created at ${paced.perSecond.toFixed(0)}/s (half the full-speed phase's completion rate, at most 1,000/s); waiting for a worker p50 ${paced.stats.pickup.p50.toFixed(0)} ms, p99 ${paced.stats.pickup.p99.toFixed(0)} ms`,
    }),
  ];
}
