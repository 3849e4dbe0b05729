import type ivm from 'isolated-vm';
import { LruMap } from './lru.map.js';

/*
 * Shared by all isolates of a sandbox: V8 code cache per wrapped source (compiling with it skips
 * most of the parse when a new isolate meets a known script), and the syntax errors already seen,
 * so a broken script is not recompiled on every run. Both are small LRU maps. The cached data is
 * produced by our own V8 and never comes from outside (isolated-vm warns that foreign cached data
 * is machine code).
 */
export interface CompileFailure {
  message: string;
}

export class ScriptCodeCache {
  private readonly cachedData: LruMap<ivm.ExternalCopy<ArrayBuffer>>;
  private readonly failures: LruMap<CompileFailure>;
  /** Runs whose script an isolate had already compiled, and runs that compiled it. */
  hits = 0;
  misses = 0;

  constructor(capacity = 256) {
    this.cachedData = new LruMap(capacity);
    this.failures = new LruMap(capacity);
  }

  dataFor(code: string): ivm.ExternalCopy<ArrayBuffer> | undefined {
    return this.cachedData.get(code);
  }

  remember(code: string, data: ivm.ExternalCopy<ArrayBuffer>): void {
    this.cachedData.set(code, data)?.release();
  }

  failureFor(code: string): CompileFailure | undefined {
    return this.failures.get(code);
  }

  rememberFailure(code: string, failure: CompileFailure): void {
    this.failures.set(code, failure);
  }

  clear(): void {
    for (const data of this.cachedData.values()) data.release();
    this.cachedData.clear();
    this.failures.clear();
  }
}
