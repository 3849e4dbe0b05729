import type { WorkerLoopState } from '@crm/schemas';
import type { Knex } from 'knex';
import { nextClaimableAt } from '../store/job-lease.store.js';
import type { JobProcessor } from './job.processor.js';
import { createWakeSignal, nextClaimSize } from './wake.signal.js';

/*
 * A worker: `concurrency` loops that each claim and advance jobs until none is due, then sleep
 * until woken (NOTIFY from a commit that made work, or a local wake) or until the next timer is
 * due, capped at `pollMs`. Periodic duties (task reminders, schedules, date triggers, mail) run on
 * their own timers. stop() stops claiming, lets the jobs in hand finish (bounded), and returns;
 * past its grace period it hands back the leases of the calls still in hand, so another worker
 * takes them over at once instead of when the leases run out.
 */

export interface WorkerDuty {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

export interface WorkerOptions {
  knex: Knex;
  processor: JobProcessor;
  concurrency: number;
  pollMs: number;
  duties?: readonly WorkerDuty[];
  /** Subscribes to wake-ups (the runtime's LISTEN on the engine channel); returns the unsubscribe. */
  subscribe?: (wake: () => void) => Promise<() => Promise<void>> | (() => Promise<void>);
  onError?: (error: unknown, where: string) => void;
}

/**
 * What one of a worker's loops is doing, for an operator or a test that finds the queue not
 * moving: a loop stuck in a claim, or one that fails on every claim, shows here and nowhere else
 * (a failure outside a job leaves no trace on any run).
 */
/**
 * What one loop is doing (the HTTP contract's WorkerLoopState): 'claiming' is looking for work
 * (processNext: the claim, the runs advanced, external calls; then the next due time) since
 * `since`; `claimed` counts the jobs it took since it started; `failures` the claims that failed
 * outside any job (reported through onError), the latest in `lastFailure`.
 */
export type WorkerLoopHealth = WorkerLoopState;

export interface WorkerHealth {
  running: boolean;
  loops: WorkerLoopHealth[];
}

export interface EngineWorker {
  start(): Promise<void>;
  /** Wakes a sleeping loop now (work was just committed in this process). */
  wake(): void;
  stop(graceMs?: number): Promise<void>;
  /** Hands back the leases of the external calls in hand (a process ending before they finish); answers how many. */
  releaseLeases(): Promise<number>;
  /** A snapshot of each loop's state (WorkerLoopHealth). */
  health(): WorkerHealth;
  readonly running: boolean;
}

export function createEngineWorker(options: WorkerOptions): EngineWorker {
  const { knex, processor, concurrency, pollMs } = options;
  const report = options.onError ?? ((error, where) => console.error(`[engine] ${where}:`, error));
  let running = false;
  let loops: Array<Promise<void>> = [];
  let timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => Promise<void>) | null = null;
  const dutiesInFlight = new Set<Promise<void>>();

  const signal = createWakeSignal();
  const wake = (): void => signal.wake();

  /** How long to sleep: until the claim query can take something (a leased job counts when its lease ends), at most pollMs. */
  async function nextDueInMs(): Promise<number> {
    const due = await nextClaimableAt(knex);
    if (!due) return pollMs;
    return Math.max(0, Math.min(pollMs, due.getTime() - Date.now()));
  }

  let loopHealth: WorkerLoopHealth[] = [];

  function enter(health: WorkerLoopHealth, state: WorkerLoopHealth['state']): void {
    health.state = state;
    health.since = new Date().toISOString();
  }

  async function loop(health: WorkerLoopHealth): Promise<void> {
    let ask = 1;
    while (running) {
      try {
        const ticket = signal.ticket();
        enter(health, 'claiming');
        const claimed = await processor.processNext(ask);
        if (claimed > 0) {
          health.claimed += claimed;
          health.lastClaimedAt = new Date().toISOString();
        }
        ask = nextClaimSize(ask, claimed, processor.batchSize);
        if (claimed > 0) {
          // There was work: there may be more, so rouse one more loop to look.
          signal.wake();
          continue;
        }
        if (!running) break;
        const sleepMs = await nextDueInMs();
        enter(health, 'sleeping');
        await signal.sleep(sleepMs, ticket);
      } catch (error) {
        health.failures += 1;
        health.lastFailure = { at: new Date().toISOString(), message: error instanceof Error ? error.message : String(error) };
        report(error, 'worker loop');
        enter(health, 'sleeping');
        if (running) await signal.sleep(Math.min(pollMs, 1000), signal.ticket());
      }
    }
    enter(health, 'stopped');
  }

  function scheduleDuty(duty: WorkerDuty): void {
    const timer = setInterval(() => {
      if (!running) return;
      const work = duty.run().catch((error: unknown) => report(error, duty.name));
      dutiesInFlight.add(work);
      void work.finally(() => dutiesInFlight.delete(work));
    }, duty.everyMs);
    timer.unref();
    timers.push(timer);
  }

  async function releaseLeases(): Promise<number> {
    try {
      return await processor.releaseLeases();
    } catch (error) {
      // The database is away: the leases run out on their own, as after a crash.
      report(error, 'handing back leases');
      return 0;
    }
  }

  return {
    get running() {
      return running;
    },
    async start() {
      if (running) return;
      running = true;
      if (options.subscribe) unsubscribe = await options.subscribe(wake);
      const startedAt = new Date().toISOString();
      loopHealth = Array.from({ length: Math.max(1, concurrency) }, (): WorkerLoopHealth => ({ state: 'sleeping', since: startedAt, claimed: 0, lastClaimedAt: null, failures: 0, lastFailure: null }));
      loops = loopHealth.map((health) => loop(health));
      for (const duty of options.duties ?? []) scheduleDuty(duty);
    },
    wake,
    releaseLeases,
    health: () => ({ running, loops: loopHealth.map((health) => ({ ...health })) }),
    async stop(graceMs = 10_000) {
      if (!running) return;
      running = false;
      for (const timer of timers) clearInterval(timer);
      timers = [];
      signal.wakeAll();
      const finished = Promise.all([...loops, ...dutiesInFlight]).then(() => true);
      const inTime = await Promise.race([finished, new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref())]);
      if (!inTime) await releaseLeases();
      loops = [];
      if (unsubscribe) await unsubscribe();
      unsubscribe = null;
    },
  };
}
