import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DurableStore } from './durable-store.js';

/*
 * The real runtime as a child process (`node --import tsx runtime/src/main.ts`), the way it runs
 * in production, so a test can SIGKILL it like a power cut and start it again on the same data:
 *
 *   RuntimeChild.start(store, spec) ─► spawn ─► poll GET /api/health ─► ready
 *   child.kill9()                      SIGKILL from outside, at any moment
 *   child.exited                       resolves when it dies (also when it kills itself: CRM_FAULT_KILL_AT)
 *   child.stop()                       SIGTERM: graceful shutdown (stop claiming, finish steps, close)
 *
 * Every child started is remembered, and any still alive when the test process exits is killed.
 */

export const ADMIN_PASSWORD = 'Durable-Test-Pass-42';
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HEAP_PROBE_PRELOAD = fileURLToPath(new URL('./heap-probe.preload.ts', import.meta.url));
const STARTUP_TIMEOUT_MS = 120_000;
const LOG_LIMIT = 64 * 1024;

const living = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of living) child.kill('SIGKILL');
});

export interface ChildSpec {
  /** Names the child in logs and in PostgreSQL's application_name. */
  tag?: string;
  /** Port to listen on (a free one when absent; restarts reuse the same port). */
  port?: number;
  /** CRM_FAULT_KILL_AT: the child SIGKILLs itself at this point (see runtime/src/processes/fault-injection.probe.ts). */
  faultKillAt?: string | null;
  /** CRM_WORKERS (default 1). */
  workers?: number;
  /** CRM_WORKER_CONCURRENCY (default: the runtime's, 1 on PGlite and 4 on PostgreSQL). */
  concurrency?: number;
  env?: Record<string, string>;
  /** Loads heap-probe.preload.ts (with --expose-gc), so the test can call heapAfterGc(). */
  heapProbe?: boolean;
}

/** What survived full garbage collections in the child (see heap-probe.preload.ts). */
export interface HeapProbe {
  at: number;
  rssKb: number;
  heapUsedKb: number;
  externalKb: number;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function heapProbeFile(tag: string, port: number): string {
  return path.join(os.tmpdir(), `crm-heap-probe-${tag}-${port}.jsonl`);
}

/** The environment of a child: only what the runtime reads, so the test's own settings never leak in. */
function childEnvironment(store: DurableStore, spec: ChildSpec, tag: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    CRM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CRM_WORKERS: String(spec.workers ?? 1),
    ...store.childEnv(tag),
    ...spec.env,
  };
  if (spec.concurrency !== undefined) env.CRM_WORKER_CONCURRENCY = String(spec.concurrency);
  if (spec.faultKillAt) env.CRM_FAULT_KILL_AT = spec.faultKillAt;
  if (spec.heapProbe) env.CRM_TEST_HEAP_PROBE = heapProbeFile(tag, spec.port ?? 0);
  return env;
}

export class RuntimeChild {
  readonly baseUrl: string;
  readonly exited: Promise<ChildExit>;
  private exit: ChildExit | null = null;
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly store: DurableStore,
    readonly spec: ChildSpec & { port: number; tag: string },
    readonly startedAt: number,
  ) {
    this.baseUrl = `http://127.0.0.1:${spec.port}`;
    const append = (chunk: Buffer): void => {
      this.log = (this.log + chunk.toString('utf8')).slice(-LOG_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        living.delete(child);
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /**
   * Starts a runtime on the store's data and waits until it answers /api/health. A child armed
   * with a fault may kill itself before that (a due job is claimed at once); then it comes back
   * dead (`alive` false) instead of failing.
   */
  static async start(store: DurableStore, spec: ChildSpec = {}): Promise<RuntimeChild> {
    const port = spec.port ?? (await freePort());
    const tag = spec.tag ?? 'crm_durability';
    const probe = spec.heapProbe ? ['--expose-gc', '--import', HEAP_PROBE_PRELOAD] : [];
    if (spec.heapProbe) fs.rmSync(heapProbeFile(tag, port), { force: true });
    const args = ['--no-node-snapshot', '--import', 'tsx', ...probe, 'runtime/src/main.ts', '--port', String(port), '--host', '127.0.0.1'];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: childEnvironment(store, { ...spec, port }, tag),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    living.add(child);
    const runtime = new RuntimeChild(child, store, { ...spec, port, tag }, Date.now());
    await runtime.waitHealthy();
    return runtime;
  }

  /** The same runtime started again on the same data and port, with another spec (say, another fault). */
  restart(changes: Partial<ChildSpec> = {}): Promise<RuntimeChild> {
    if (this.alive) throw new Error(`${this.spec.tag} is still running: kill or stop it first`);
    return RuntimeChild.start(this.store, { ...this.spec, faultKillAt: null, ...changes });
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('the child has no pid');
    return pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  get exitStatus(): ChildExit | null {
    return this.exit;
  }

  /** What the child printed lately (for failure messages). */
  output(): string {
    return this.log;
  }

  /** Dies at once, mid-whatever, like a power cut. */
  async kill9(): Promise<ChildExit> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Graceful shutdown; SIGKILL if it has not exited in time. */
  async stop(timeoutMs = 20_000): Promise<ChildExit> {
    if (!this.alive) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** Waits until the child dies (a fault-injection kill); fails after timeoutMs. */
  async died(timeoutMs: number): Promise<ChildExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.spec.tag} (fault ${this.spec.faultKillAt ?? 'none'}) did not die within ${timeoutMs} ms\n${this.log}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resident memory (kB) and open file descriptors of the child, read from /proc. */
  resources(): { rssKb: number; fds: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return { rssKb: Number(rss?.[1] ?? NaN), fds: fs.readdirSync(`/proc/${this.pid}/fd`).length };
  }

  /**
   * Has the child collect its garbage (twice, fully) and report what survived. Only for a child
   * started with `heapProbe`. A collection is synchronous and stops the child's event loop for
   * its duration, like any major collection.
   */
  async heapAfterGc(timeoutMs = 30_000): Promise<HeapProbe> {
    if (!this.spec.heapProbe) throw new Error(`${this.spec.tag} was started without heapProbe`);
    const file = heapProbeFile(this.spec.tag, this.spec.port);
    const read = (): string[] => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    const before = read().length;
    this.child.kill('SIGUSR2');
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(50)) {
      const lines = read();
      if (lines.length > before) return JSON.parse(lines[lines.length - 1] as string) as HeapProbe;
      if (!this.alive) break;
    }
    throw new Error(`${this.spec.tag} did not answer the heap probe within ${timeoutMs} ms\n${this.log}`);
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.alive) {
        // An armed child may reach its fault before it listens (its workers start first): that is its job, not a failure.
        if (this.spec.faultKillAt && this.exit?.signal === 'SIGKILL') return;
        throw new Error(`${this.spec.tag} exited during startup (${JSON.stringify(this.exit)}):\n${this.log}`);
      }
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    this.child.kill('SIGKILL');
    throw new Error(`${this.spec.tag} did not become healthy within ${STARTUP_TIMEOUT_MS} ms:\n${this.log}`);
  }
}
