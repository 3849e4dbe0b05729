import type { ScriptCodeCache } from './script-code.cache.js';
import { SandboxIsolate } from './sandbox.isolate.js';

/*
 * Isolates by memory limit (the limit is fixed when an isolate is made). A run leases one isolate
 * for itself, so its CPU time, heap and any breach are its own; at most `maxConcurrent` runs hold
 * one at a time and the rest wait in FIFO order. Given back, an isolate is kept for the next run
 * when it is healthy, otherwise disposed; a new one costs about a millisecond.
 */
export interface IsolatePoolOptions {
  maxConcurrent: number;
  maxIdle: number;
  maxRunsPerIsolate: number;
  codes: ScriptCodeCache;
  onCatastrophe: (message: string, isolate: SandboxIsolate) => void;
}

/** Quiet time after which idle isolates beyond `maxIdle` are disposed. */
const TRIM_AFTER_MS = 1000;

export class IsolatePool {
  private trimTimer: NodeJS.Timeout | undefined;
  private readonly idle = new Map<number, SandboxIsolate[]>();
  private readonly waiting: Array<() => void> = [];
  private leased = 0;
  created = 0;
  disposed = 0;

  constructor(private readonly options: IsolatePoolOptions) {}

  get active(): number {
    return this.leased;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get idleCount(): number {
    let count = 0;
    for (const list of this.idle.values()) count += list.length;
    return count;
  }

  /** Waits for a free slot, then hands out an idle isolate of that size or a new one. */
  async acquire(memoryMb: number): Promise<SandboxIsolate> {
    if (this.leased < this.options.maxConcurrent) this.leased += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the releaser passes its slot on
    try {
      return this.take(memoryMb);
    } catch (error) {
      this.freeSlot();
      throw error;
    }
  }

  private take(memoryMb: number): SandboxIsolate {
    const list = this.idle.get(memoryMb);
    for (let isolate = list?.pop(); isolate; isolate = list?.pop()) {
      if (!isolate.disposed) return isolate;
      this.discard(isolate);
    }
    this.created += 1;
    return new SandboxIsolate(memoryMb, this.options.codes, this.options.onCatastrophe);
  }

  /**
   * Takes an isolate back after its run: kept when reusable and there is room, disposed otherwise.
   * In a burst (runs arriving one by one from the host as others end) more than `maxIdle` may be
   * kept for a moment, so the next runs reuse them; the surplus is trimmed once the burst is over.
   */
  release(isolate: SandboxIsolate): void {
    isolate.runs += 1;
    const list = this.idle.get(isolate.memoryMb) ?? [];
    if (isolate.reusable(this.options.maxRunsPerIsolate) && list.length < Math.max(this.options.maxIdle, this.options.maxConcurrent)) {
      list.push(isolate);
      this.idle.set(isolate.memoryMb, list);
      if (list.length > this.options.maxIdle) this.scheduleTrim();
    } else {
      this.discard(isolate);
    }
    this.freeSlot();
  }

  private scheduleTrim(): void {
    if (this.trimTimer) this.trimTimer.refresh();
    else {
      this.trimTimer = setTimeout(() => {
        this.trimTimer = undefined;
        for (const list of this.idle.values()) {
          while (list.length > this.options.maxIdle) {
            const surplus = list.shift();
            if (surplus) this.discard(surplus);
          }
        }
      }, TRIM_AFTER_MS);
      this.trimTimer.unref();
    }
  }

  private freeSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.leased -= 1;
  }

  private discard(isolate: SandboxIsolate): void {
    isolate.dispose();
    this.disposed += 1;
  }

  disposeIdle(): void {
    clearTimeout(this.trimTimer);
    this.trimTimer = undefined;
    for (const list of this.idle.values()) for (const isolate of list) this.discard(isolate);
    this.idle.clear();
  }
}
