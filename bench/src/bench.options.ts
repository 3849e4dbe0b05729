import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './harness/bench-child.process.js';
import { DEFAULT_BENCH_SERVER, type DbKind } from './harness/bench.database.js';
import type { RunSelection } from './report/results.writer.js';

/*
 * `npm run bench [-- --quick] [--only create,runs,designer,processes,...] [--db postgres,pglite] [--profile]`. The full scale is the
 * issue's; --quick scales everything down to finish in under two minutes (CI runs it to prove that
 * every scenario works, never to judge speed).
 */

export const SCENARIOS = ['create', 'peers', 'runs', 'lists', 'funnel', 'scripts', 'import', 'designer', 'processes'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface Scale {
  /** Sales reps created over the API (owners of the generated deals). */
  reps: number;
  /** Of those, how many sign in and drive load. */
  signedInReps: number;
  seniors: number;
  create: { connections: number; warmupS: number; durationS: number; maxRequests: number };
  /** backlog: activities (so runs) queued before the workers start, per database (PGlite runs one worker at a time). */
  runs: { backlog: { postgres: number; pglite: number }; liveS: number; liveConnections: number; drainTimeoutS: number };
  lists: { deals: number; warmup: number; samples: number; maxS: number };
  funnel: { warmup: number; samples: number };
  scripts: { warmup: number; runs: number };
  import: { rows: number };
  /** processes: activities per drain backlog (each setting, 1 and 2 processes, gets its own). */
  processes: { backlog: number };
  /** The process designer in Chromium: a process of `nodes` beside one of `baselineNodes`. */
  designer: { nodes: number; baselineNodes: number; loads: number; dragSteps: number };
}

export const FULL_SCALE: Scale = {
  reps: 200,
  signedInReps: 8,
  seniors: 5,
  create: { connections: 32, warmupS: 3, durationS: 20, maxRequests: 500_000 },
  runs: { backlog: { postgres: 10_000, pglite: 2_000 }, liveS: 20, liveConnections: 8, drainTimeoutS: 900 },
  lists: { deals: 1_000_000, warmup: 20, samples: 300, maxS: 60 },
  funnel: { warmup: 2, samples: 10 },
  scripts: { warmup: 500, runs: 3000 },
  import: { rows: 100_000 },
  processes: { backlog: 5_000 },
  designer: { nodes: 300, baselineNodes: 10, loads: 3, dragSteps: 60 },
};

export const QUICK_SCALE: Scale = {
  reps: 40,
  signedInReps: 4,
  seniors: 3,
  create: { connections: 32, warmupS: 1, durationS: 3, maxRequests: 50_000 },
  runs: { backlog: { postgres: 600, pglite: 300 }, liveS: 3, liveConnections: 8, drainTimeoutS: 120 },
  lists: { deals: 100_000, warmup: 5, samples: 40, maxS: 5 },
  funnel: { warmup: 1, samples: 3 },
  scripts: { warmup: 100, runs: 500 },
  import: { rows: 10_000 },
  processes: { backlog: 300 },
  designer: { nodes: 300, baselineNodes: 10, loads: 1, dragSteps: 20 },
};

export interface BenchOptions {
  mode: 'quick' | 'full';
  scale: Scale;
  scenarios: ScenarioId[];
  databases: DbKind[];
  serverUrl: string;
  /** --profile: every product process runs with --cpu-prof; profiles and their summaries go here. */
  profileDir: string | null;
}

/** What makes this run other than a run of record, for its results file's name. */
export function runSelection(options: BenchOptions): RunSelection {
  const everyScenario = SCENARIOS.every((s) => options.scenarios.includes(s));
  const bothDatabases = options.databases.includes('postgres') && options.databases.includes('pglite');
  return {
    mode: options.mode,
    scenarios: everyScenario ? null : options.scenarios,
    databases: bothDatabases ? null : options.databases,
    profiled: options.profileDir !== null,
  };
}

function isScenario(name: string): name is ScenarioId {
  return SCENARIOS.some((s) => s === name);
}

function isDbKind(name: string): name is DbKind {
  return name === 'postgres' || name === 'pglite';
}

export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, db: { type: 'string' }, profile: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  const scenarios = values.only ? values.only.split(',').map((s) => s.trim()) : [...SCENARIOS];
  const unknown = scenarios.filter((s) => !isScenario(s));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  const databases = values.db ? values.db.split(',').map((s) => s.trim()) : ['postgres', 'pglite'];
  const badDb = databases.filter((d) => !isDbKind(d));
  if (badDb.length > 0) throw new Error(`unknown database kind(s) ${badDb.join(', ')}; known: postgres, pglite`);
  return {
    mode: values.quick ? 'quick' : 'full',
    scale: values.quick ? QUICK_SCALE : FULL_SCALE,
    scenarios: scenarios.filter(isScenario),
    databases: databases.filter(isDbKind),
    serverUrl: env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_SERVER,
    profileDir: values.profile ? path.join(REPO_ROOT, 'bench', 'results', `profiles-${new Date().toISOString().replace(/[:.]/g, '-')}.tmp`) : null,
  };
}
