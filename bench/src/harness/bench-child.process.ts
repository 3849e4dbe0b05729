import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CleanupRegistry } from './cleanup.registry.js';

/*
 * A child process the bench started: the product, a baseline server or worker, Node-RED. Each is
 * registered for cleanup when spawned, and every child still alive when the bench process exits
 * (even by an uncaught error) is SIGKILLed synchronously from the 'exit' handler.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LOG_LIMIT = 64 * 1024;

const living = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of living) child.kill('SIGKILL');
});

export interface ChildSpec {
  name: string;
  /** Arguments to node (the script and its arguments); the executable is this Node. */
  nodeArgs: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The environment a child starts from: only what any Node program needs, so the bench's own settings never leak in. */
export function baseEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LANG: process.env.LANG };
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class BenchChild {
  readonly exited: Promise<ChildExit>;
  private exit: ChildExit | null = null;
  private log = '';
  private readonly unregister: () => Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
    registry: CleanupRegistry,
  ) {
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
    this.unregister = registry.add(`stop ${name}`, async () => {
      await this.terminate(10_000);
    });
  }

  static start(spec: ChildSpec, registry: CleanupRegistry): BenchChild {
    const child = spawn(process.execPath, spec.nodeArgs, { cwd: spec.cwd ?? REPO_ROOT, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    living.add(child);
    return new BenchChild(child, spec.name, registry);
  }

  get alive(): boolean {
    return this.exit === null;
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error(`${this.name} has no pid`);
    return pid;
  }

  /** Sends `signal` (e.g. SIGSTOP / SIGCONT to pause and resume it) while it runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  output(): string {
    return this.log;
  }

  /** Polls `url` until it answers 2xx; fails with the child's output when it exits or the time runs out. */
  async waitForHttp(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`${this.name} exited while starting (${JSON.stringify(this.exit)}):\n${this.log}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${this.name} did not answer ${url} within ${timeoutMs} ms:\n${this.log}`);
  }

  /** Waits for the child to print `pattern` (e.g. "listening on <port>"); returns the match. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(this.log);
      if (match) return match;
      if (!this.alive) throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before printing ${pattern}:\n${this.log}`);
      await sleep(50);
    }
    throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.log}`);
  }

  /** Graceful stop (SIGTERM, then SIGKILL after 10 s); forgets its cleanup step. */
  async stop(): Promise<ChildExit> {
    await this.unregister();
    return this.exited;
  }

  private async terminate(timeoutMs: number): Promise<void> {
    if (!this.alive) return;
    // A paused child (SIGSTOP) would hold SIGTERM until resumed.
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
