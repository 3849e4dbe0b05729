import { BenchChild, baseEnvironment } from './bench-child.process.js';
import type { CleanupRegistry } from './cleanup.registry.js';
import type { DbTarget } from './bench.database.js';
import { freePort } from './free-port.js';

/*
 * The product as it runs in production: `node --import tsx runtime/src/main.ts` in a process of its
 * own, with the b2b-sales template (installed on the first start only), on the bench's database.
 */

export const BENCH_ADMIN_PASSWORD = 'Bench-Admin-Pass-42';
const STARTUP_TIMEOUT_MS = 180_000;

export interface RuntimeSpec {
  name: string;
  /** CRM_WORKERS: 0 for an HTTP-only process. */
  workers: number;
  /** CRM_WORKER_CONCURRENCY; absent: the runtime's default (1 on PGlite, 4 on PostgreSQL). */
  concurrency?: number;
  /** Extra flags for node (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

export interface RuntimeProcess {
  readonly baseUrl: string;
  readonly child: BenchChild;
  stop(): Promise<void>;
}

export async function startRuntime(target: DbTarget, spec: RuntimeSpec, registry: CleanupRegistry): Promise<RuntimeProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...baseEnvironment(),
    ...target.runtimeEnv(),
    CRM_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    CRM_WORKERS: String(spec.workers),
  };
  if (spec.concurrency !== undefined) env.CRM_WORKER_CONCURRENCY = String(spec.concurrency);
  const child = BenchChild.start(
    {
      name: spec.name,
      nodeArgs: ['--no-node-snapshot', ...(spec.nodeFlags ?? []), '--import', 'tsx', 'runtime/src/main.ts', '--template', 'b2b-sales', '--port', String(port), '--host', '127.0.0.1'],
      env,
    },
    registry,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await child.waitForHttp(`${baseUrl}/api/health`, STARTUP_TIMEOUT_MS);
  return {
    baseUrl,
    child,
    async stop() {
      const exit = await child.stop();
      if (exit.code !== 0) throw new Error(`${spec.name} did not stop cleanly (${JSON.stringify(exit)}):\n${child.output()}`);
    },
  };
}
