import { SandboxChild, type ChildRun } from './sandbox-child.process.js';
import type { IsolateSandboxStats, ScriptRunResult, ScriptSandboxOptions } from './sandbox.types.js';

/*
 * The sandbox processes: one takes new runs; after a run ends with a memory error (or the process
 * reports a catastrophe, crashes or stalls) it is retired: it takes no more runs, a fresh one is
 * started in its place at once, and it is killed as soon as the runs it still holds have finished.
 * Killing the process is what gives the memory of a failed isolate back: V8 does not reliably do
 * it after a catastrophic out-of-memory (see README.md). Counts of killed processes are kept.
 */
type ChildOptions = Omit<ScriptSandboxOptions, 'onCatastrophicError' | 'maxTotalMemoryMb'>;

const RECYCLE_ON: ReadonlySet<string> = new Set(['MEMORY_LIMIT', 'SANDBOX_ERROR']);

function emptyStats(): IsolateSandboxStats {
  return {
    runs: 0,
    activeRuns: 0,
    queuedRuns: 0,
    isolatesCreated: 0,
    isolatesDisposed: 0,
    idleIsolates: 0,
    compiledScriptHits: 0,
    compiledScriptMisses: 0,
    failures: {},
  };
}

function addStats(into: IsolateSandboxStats, more: IsolateSandboxStats | undefined, idle: boolean): void {
  if (!more) return;
  into.isolatesCreated += more.isolatesCreated;
  into.isolatesDisposed += more.isolatesDisposed;
  // A killed process's idle isolates died with it.
  if (idle) into.idleIsolates += more.idleIsolates;
  else into.isolatesDisposed += more.idleIsolates;
  into.compiledScriptHits += more.compiledScriptHits;
  into.compiledScriptMisses += more.compiledScriptMisses;
}

export class SandboxChildPool {
  private current: SandboxChild | undefined;
  private readonly live = new Set<SandboxChild>();
  private readonly ended = emptyStats();
  private closed = false;
  started = 0;
  recycled = 0;

  constructor(
    private readonly options: ChildOptions,
    private readonly onCatastrophe: (message: string) => void,
  ) {}

  /** Starts the process that will take the next run, so the first run does not wait for it. */
  warm(): void {
    if (!this.closed && !this.current) this.current = this.spawn();
  }

  async run(job: ChildRun): Promise<ScriptRunResult> {
    if (!this.current || this.current.retiring) this.current = this.spawn();
    const child = this.current;
    const result = await child.run(job);
    if (!result.ok && RECYCLE_ON.has(result.error.code)) child.retiring = true;
    if (child.retiring) this.retire(child);
    return result;
  }

  private spawn(): SandboxChild {
    const child = new SandboxChild(this.options, {
      onCatastrophe: (message) => {
        this.onCatastrophe(message);
        this.retire(child);
      },
      onExit: (gone) => this.forget(gone),
    });
    this.started += 1;
    this.live.add(child);
    return child;
  }

  private retire(child: SandboxChild): void {
    child.retiring = true;
    if (this.current === child) {
      this.current = undefined;
      this.warm();
    }
    if (child.active === 0) child.kill();
  }

  private forget(child: SandboxChild): void {
    if (!this.live.delete(child)) return;
    if (!this.closed) this.recycled += 1;
    if (this.current === child) this.current = undefined;
    addStats(this.ended, child.stats, false);
  }

  stats(): IsolateSandboxStats {
    const total = emptyStats();
    addStats(total, this.ended, false);
    for (const child of this.live) addStats(total, child.stats, true);
    return total;
  }

  /** Kills every process; runs still in one end with SANDBOX_ERROR (the caller waits for its runs first). */
  close(): void {
    this.closed = true;
    this.current = undefined;
    for (const child of this.live) child.kill();
  }
}
