import ivm from 'isolated-vm';
import { LruMap } from './lru.map.js';
import { PRELUDE_FILENAME, PRELUDE_SOURCE } from './sandbox.prelude.js';
import type { CompileFailure, ScriptCodeCache } from './script-code.cache.js';
import { SCRIPT_FILENAME, WRAPPER_LINES } from './script-source.wrapper.js';

/*
 * One isolate, leased to one run at a time. It keeps the compiled prelude and the scripts it has
 * compiled (a Script can run in any context of its isolate), so a warm run costs a fresh context
 * and a few calls. After a limit breach, a catastrophic error or too much heap left behind it is
 * retired: disposed rather than returned to the pool.
 */

/** Signatures of the prelude's functions, as the host sees them through References. */
export type LogCallback = (level: string, message: string) => void;
export type CallCallback = (id: number, name: string, argsJson: string) => void;
export type DoneCallback = (kind: string, payload: string, line?: number, column?: number) => void;
export type SettleFunction = (id: number, ok: boolean, payload: string, code: string | null) => void;
export type InstallFunction = (
  argsJson: string,
  apiNamesJson: string,
  limitsJson: string,
  log: ivm.Callback<LogCallback>,
  call: ivm.Callback<CallCallback>,
  done: ivm.Callback<DoneCallback>,
) => SettleFunction;

export type CompileOutcome = { ok: true; script: ivm.Script; cached: boolean } | { ok: false; failure: CompileFailure; cached: boolean };

const MB = 1024 * 1024;
/** Heap left in use after a run, as a share of the limit, above which the isolate is not reused. */
const REUSE_HEAP_SHARE = 0.5;

function producedCachedData(script: ivm.Script): ivm.ExternalCopy<ArrayBuffer> | undefined {
  // isolated-vm sets `cachedData` on the Script but does not declare it on the type.
  const data: unknown = Reflect.get(script, 'cachedData');
  return data instanceof ivm.ExternalCopy ? data : undefined;
}

export class SandboxIsolate {
  readonly isolate: ivm.Isolate;
  runs = 0;
  /** Set when V8 reported the isolate beyond repair. */
  catastrophe: string | undefined;
  /** The run holding the lease hears of a catastrophe at once, to end itself rather than wait for a timer. */
  onCatastrophe: ((message: string) => void) | undefined;
  private retired = false;
  private readonly prelude: ivm.Script;
  private readonly scripts = new LruMap<ivm.Script>(64);

  constructor(
    readonly memoryMb: number,
    private readonly codes: ScriptCodeCache,
    reportCatastrophe: (message: string, isolate: SandboxIsolate) => void,
  ) {
    this.isolate = new ivm.Isolate({
      memoryLimit: memoryMb,
      onCatastrophicError: (message) => {
        this.catastrophe = message;
        this.retired = true;
        this.onCatastrophe?.(message);
        reportCatastrophe(message, this);
      },
    });
    this.prelude = this.compilePrelude();
  }

  private compilePrelude(): ivm.Script {
    const cachedData = this.codes.dataFor(PRELUDE_SOURCE);
    const script = this.isolate.compileScriptSync(PRELUDE_SOURCE, {
      filename: PRELUDE_FILENAME,
      ...(cachedData ? { cachedData } : { produceCachedData: true }),
    });
    const produced = cachedData ? undefined : producedCachedData(script);
    if (produced) this.codes.remember(PRELUDE_SOURCE, produced);
    return script;
  }

  /** The compiled wrapped script, compiled off the main thread on first use in this isolate. */
  async compile(code: string): Promise<CompileOutcome> {
    const known = this.scripts.get(code);
    if (known) {
      this.codes.hits += 1;
      return { ok: true, script: known, cached: true };
    }
    this.codes.misses += 1;
    const failure = this.codes.failureFor(code);
    if (failure) return { ok: false, failure, cached: true };
    const cachedData = this.codes.dataFor(code);
    let script: ivm.Script;
    try {
      script = await this.isolate.compileScript(code, {
        filename: SCRIPT_FILENAME,
        lineOffset: -WRAPPER_LINES,
        ...(cachedData ? { cachedData } : { produceCachedData: true }),
      });
    } catch (error) {
      if (this.isolate.isDisposed) throw error;
      const compileFailure = { message: error instanceof Error ? error.message : 'the script does not compile' };
      this.codes.rememberFailure(code, compileFailure);
      return { ok: false, failure: compileFailure, cached: false };
    }
    const produced = cachedData ? undefined : producedCachedData(script);
    if (produced) this.codes.remember(code, produced);
    this.scripts.set(code, script)?.release();
    return { ok: true, script, cached: false };
  }

  /** A fresh context with the prelude run in it; `install` is the prelude's entry point. */
  openContext(): { context: ivm.Context; install: ivm.Reference<InstallFunction> } {
    const context = this.isolate.createContextSync();
    const install: ivm.Reference<InstallFunction> = this.prelude.runSync(context, { reference: true });
    return { context, install };
  }

  retire(): void {
    this.retired = true;
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Whether the pool may lease this isolate again: healthy, not worn out, little heap left in use. */
  reusable(maxRuns: number): boolean {
    if (this.retired || this.isolate.isDisposed || this.runs >= maxRuns) return false;
    try {
      const heap = this.isolate.getHeapStatisticsSync();
      return heap.used_heap_size + heap.externally_allocated_size < this.memoryMb * MB * REUSE_HEAP_SHARE;
    } catch {
      return false;
    }
  }

  dispose(): void {
    this.retired = true;
    for (const script of this.scripts.values()) {
      try {
        script.release();
      } catch {
        // Released with its isolate.
      }
    }
    this.scripts.clear();
    if (!this.isolate.isDisposed) {
      try {
        this.isolate.dispose();
      } catch {
        // Already gone (isolated-vm disposes an isolate itself when it hits the memory limit).
      }
    }
  }
}
