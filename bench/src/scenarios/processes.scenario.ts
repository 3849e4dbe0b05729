import pg from 'pg';
import type { BenchOptions } from '../bench.options.js';
import { ApiClient, signIn } from '../harness/api.client.js';
import { createPostgresTarget, type DbTarget } from '../harness/bench.database.js';
import type { CleanupRegistry } from '../harness/cleanup.registry.js';
import { loadProblems, runLoad, type LoadResult } from '../harness/load.generator.js';
import { clockTicksPerSecond, cpuSecondsBetween, cpuSnapshot } from '../harness/process-cpu.reader.js';
import { BENCH_ADMIN_PASSWORD, startRuntime, type RuntimeProcess } from '../harness/runtime.child.js';
import type { SqlSession } from '../harness/sql.session.js';
import { progress } from '../report/figure.recorder.js';
import type { Figure } from '../report/figure.types.js';
import { ADMIN_EMAIL, publishWith, setupPeople, type CrmPeople } from '../setup/crm.setup.js';
import { FOLLOWUP_PROCESS, withFollowupProcess } from '../setup/followup.process.js';
import { checkRuns, runWindowStats } from './async-runs.stats.js';
import { processFigures, type PhaseCpu, type PhaseResult } from './processes.figures.js';
import { dealAmount } from './routed-create.scenario.js';

/*
 * `processes` (issue 17 item 8): does adding a runtime process add throughput, and what does a
 * request or a run cost in CPU? On a PostgreSQL database of its own:
 *
 *   setup     one HTTP-only process (CRM_WORKERS=0) installs the template, publishes the follow-up
 *             process and creates the people (--quick: only the reps who sign in); it later
 *             creates each drain backlog
 *   runtimes  two processes as `npm start` runs them (HTTP and workers), started once
 *   N = 1, 2  the first N serve, the others are paused (SIGSTOP: no CPU, no claims), then
 *             create    routed deal creates by sales reps at the create scenario's connections,
 *                       split over the N processes (warm-up first): req/s
 *             drain     the N processes are paused while the setup process creates the backlog of
 *                       activities, then resumed: completed runs/s (first step to last run end, as
 *                       the runs scenario measures it)
 *             CPU       /proc/<pid>/stat utime + stime of each serving process and of PostgreSQL
 *                       (the bench database's backends and the server's own background processes)
 *                       before and after each phase: CPU ms per request and per run
 *
 * PostgreSQL only (PGlite is one process's database); skipped with a message when none is reachable.
 */

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Null when the server answers; else why not. */
async function unreachable(serverUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The PostgreSQL processes doing the bench database's work: its backends and the server's background processes. */
async function postgresPids(sql: SqlSession): Promise<number[]> {
  const rows = await sql.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR datname IS NULL) AND pid <> pg_backend_pid()`,
  );
  return rows.map((r) => Number(r.pid));
}

interface CpuMark {
  runtimes: Array<Map<number, number>>;
  postgres: Map<number, number>;
}

async function markCpu(sql: SqlSession, runtimes: readonly RuntimeProcess[]): Promise<CpuMark> {
  return { runtimes: runtimes.map((r) => cpuSnapshot([r.child.pid])), postgres: cpuSnapshot(await postgresPids(sql)) };
}

function cpuSince(before: CpuMark, after: CpuMark): PhaseCpu {
  const tick = clockTicksPerSecond();
  return {
    runtimes: before.runtimes.map((b, i) => cpuSecondsBetween(b, after.runtimes[i] ?? new Map(), tick) ?? Number.NaN),
    postgres: cpuSecondsBetween(before.postgres, after.postgres, tick),
  };
}

function dealRequests(people: CrmPeople, offset: number) {
  const reps = people.signedIn;
  return (i: number) => ({
    method: 'POST' as const,
    path: '/api/records/deal',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${reps[i % reps.length]?.api.token ?? ''}` },
    body: JSON.stringify({ title: `Processes deal ${offset + i}`, amount: dealAmount(offset + i) }),
  });
}

function activityRequests(people: CrmPeople, label: string) {
  const reps = people.signedIn;
  return (i: number) => ({
    method: 'POST' as const,
    path: '/api/records/activity',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${reps[i % reps.length]?.api.token ?? ''}` },
    body: JSON.stringify({ kind: 'call', subject: `${label} call ${i}` }),
  });
}

/** Routed creates over the serving processes, the connections split between them; CPU over the measured part. */
async function createPhase(options: BenchOptions, sql: SqlSession, people: CrmPeople, serving: readonly RuntimeProcess[]): Promise<PhaseResult> {
  const { connections, warmupS, durationS, maxRequests } = options.scale.create;
  const load = (seconds: number, offset: number): Promise<LoadResult[]> =>
    Promise.all(
      serving.map((r, n) =>
        runLoad({
          url: r.baseUrl,
          connections: Math.max(1, Math.round(connections / serving.length)),
          durationS: seconds,
          maxRequests,
          expectStatus: 201,
          request: dealRequests(people, offset + n * 10_000_000),
        }),
      ),
    );
  await load(warmupS, serving.length * 100_000_000);
  const before = await markCpu(sql, serving);
  const started = performance.now();
  const results = await load(durationS, 0);
  const seconds = (performance.now() - started) / 1000;
  const after = await markCpu(sql, serving);
  for (const result of results) {
    const problems = loadProblems(result);
    if (problems) throw new Error(`routed create with ${serving.length} process(es): ${problems}`);
  }
  return { processes: serving.length, count: results.reduce((sum, r) => sum + r.ok, 0), seconds, cpu: cpuSince(before, after) };
}

async function runsSettled(admin: ApiClient, timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    const page = await admin.get<{ data: unknown[] }>(`/api/processes/${FOLLOWUP_PROCESS}/runs?status=running&limit=1`);
    if (page.data.length === 0) return;
    await sleep(100);
  }
  throw new Error(`runs of ${FOLLOWUP_PROCESS} still running after ${timeoutS} s`);
}

/**
 * Waits until no job is due to be claimed or being worked on, then pauses `runtimes`. A worker
 * stopped in the middle of a job keeps its transaction open and the job's and run's rows locked
 * until it is resumed: the other process skips them, and a run it was advancing stays "running"
 * (a stop after `touch` left one of the follow-up's runs so for the whole one-process round, and
 * the drain waited two minutes for it). A job a worker holds still reads as due from outside its
 * transaction, so "nothing due" also means "nothing in hand"; with no request in flight and nothing
 * due, the workers only poll, and a poll locks nothing.
 */
async function pauseWhenIdle(sql: SqlSession, runtimes: readonly RuntimeProcess[], timeoutS: number): Promise<void> {
  if (runtimes.length === 0) return;
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const [row] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM run_jobs j
       WHERE j.status IN ('ready', 'waiting') AND j.due_at <= now()
         AND EXISTS (SELECT 1 FROM process_runs r WHERE r.id = j.run_id AND r.status IN ('running', 'waiting'))`,
    );
    if (Number(row?.n ?? 0) === 0) break;
    if (Date.now() > deadline) throw new Error(`the engine still had ${row?.n} due job(s) after ${timeoutS} s; not pausing a process in the middle of one`);
    await sleep(100);
  }
  for (const r of runtimes) r.child.signal('SIGSTOP');
}

/** A backlog made through the setup process while the serving ones are paused, then worked off by them. */
async function drainPhase(options: BenchOptions, sql: SqlSession, people: CrmPeople, setup: RuntimeProcess, serving: readonly RuntimeProcess[]): Promise<PhaseResult> {
  const label = `processes${serving.length}`;
  await pauseWhenIdle(sql, serving, options.scale.runs.drainTimeoutS);
  try {
    const made = await runLoad({ url: setup.baseUrl, connections: 16, durationS: 600, maxRequests: options.scale.processes.backlog, expectStatus: 201, request: activityRequests(people, label) });
    const problems = loadProblems(made);
    if (problems) throw new Error(`backlog for ${serving.length} process(es): ${problems}`);
  } finally {
    for (const r of serving) r.child.signal('SIGCONT');
  }
  const before = await markCpu(sql, serving);
  await runsSettled(new ApiClient(setup.baseUrl, people.admin.token), options.scale.runs.drainTimeoutS);
  const after = await markCpu(sql, serving);
  const stats = await runWindowStats(sql, FOLLOWUP_PROCESS, `${label} call %`);
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM rec_activity WHERE subject LIKE $1`, [`${label} call %`]);
  checkRuns(`drain with ${serving.length} process(es)`, stats, Number(row?.n ?? 0));
  return { processes: serving.length, count: stats.completed, seconds: stats.busySeconds, cpu: cpuSince(before, after) };
}

/**
 * One routed create and one activity (so one run) through each process before anything is timed: a
 * process's first requests load code paths lazily, which on a loaded machine took a whole short
 * --quick phase.
 */
async function touch(people: CrmPeople, runtimes: readonly RuntimeProcess[]): Promise<void> {
  const rep = people.signedIn[0];
  if (!rep) throw new Error('no signed-in rep');
  await Promise.all(
    runtimes.map(async (r, n) => {
      const api = new ApiClient(r.baseUrl, rep.api.token);
      await api.post('/api/records/deal', { title: `Processes touch ${n}`, amount: 150_000 }, 201);
      await api.post('/api/records/activity', { kind: 'call', subject: `touch ${n} call` }, 201);
    }),
  );
}

async function startServing(target: DbTarget, options: BenchOptions, registry: CleanupRegistry): Promise<RuntimeProcess[]> {
  const profile = options.profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] } : {};
  return Promise.all([1, 2].map((n) => startRuntime(target, { name: `processes: runtime ${n}`, workers: 1, ...profile }, registry)));
}

/** The scenario's figures; empty (with a message) when no PostgreSQL is reachable or --db leaves it out. */
export async function measureProcesses(options: BenchOptions, registry: CleanupRegistry): Promise<Figure[]> {
  if (!options.databases.includes('postgres')) {
    progress('processes: skipped: it needs PostgreSQL (--db leaves it out)');
    return [];
  }
  const why = await unreachable(options.serverUrl);
  if (why !== null) {
    progress(`processes: skipped: no PostgreSQL reachable at ${options.serverUrl.replace(/\/\/[^@/]*@/, '//')} (${why})`);
    return [];
  }
  const target = await createPostgresTarget(options.serverUrl, registry);
  const setup = await startRuntime(target, { name: 'processes: setup (HTTP only)', workers: 0 }, registry);
  let serving: RuntimeProcess[] = [];
  const sql = await target.openSql(1);
  try {
    await publishWith(await signIn(setup.baseUrl, ADMIN_EMAIL, BENCH_ADMIN_PASSWORD), withFollowupProcess);
    const started = Date.now();
    const [people, runtimes] = await Promise.all([setupPeople(setup.baseUrl, options.mode === 'quick' ? { ...options.scale, reps: options.scale.signedInReps } : options.scale), startServing(target, options, registry)]);
    serving = runtimes;
    await touch(people, runtimes);
    progress(`processes: people set up and 2 runtime processes started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const results: Array<{ create: PhaseResult; drain: PhaseResult }> = [];
    for (const n of [1, 2]) {
      const active = runtimes.slice(0, n);
      const paused = runtimes.slice(n);
      await pauseWhenIdle(sql, paused, options.scale.runs.drainTimeoutS);
      try {
        const create = await createPhase(options, sql, people, active);
        const drain = await drainPhase(options, sql, people, setup, active);
        progress(`processes: ${n}: ${(create.count / create.seconds).toFixed(0)} req/s, ${(drain.count / drain.seconds).toFixed(0)} runs/s`);
        results.push({ create, drain });
      } finally {
        for (const r of paused) r.child.signal('SIGCONT');
      }
    }
    const [one, two] = results;
    if (!one) return [];
    return [...processFigures('create', one.create, two?.create ?? null), ...processFigures('drain', one.drain, two?.drain ?? null)];
  } finally {
    await sql.close();
    await Promise.all([setup, ...serving].map((r) => r.stop()));
  }
}
