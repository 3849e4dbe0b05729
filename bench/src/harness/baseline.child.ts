import { BenchChild, baseEnvironment } from './bench-child.process.js';
import type { CleanupRegistry } from './cleanup.registry.js';
import type { DbTarget } from './bench.database.js';

/*
 * A baseline program (bench/src/baselines/*.ts) in a process of its own, like the product, on the
 * same database: BENCH_DB_URL for PostgreSQL, BENCH_DATA_DIR for PGlite (the product must not have
 * that folder open then).
 */

export function baselineEnv(target: DbTarget, extra: Record<string, string>): NodeJS.ProcessEnv {
  const db: Record<string, string> = target.url ? { BENCH_DB_URL: target.url } : { BENCH_DATA_DIR: target.dataDir ?? '' };
  return { ...baseEnvironment(), ...db, ...extra };
}

export function startBaseline(name: string, script: string, env: NodeJS.ProcessEnv, registry: CleanupRegistry): BenchChild {
  return BenchChild.start({ name, nodeArgs: ['--no-node-snapshot', '--import', 'tsx', `bench/src/baselines/${script}`], env }, registry);
}
