/*
 * How a worker's loops wait for work. A loop takes a ticket before it looks for work and sleeps
 * with it afterwards; a wake-up that came in between (a commit's NOTIFY while the claim query ran)
 * makes that sleep return at once, so no loop sleeps through the work that woke it.
 *
 * A wake-up rouses one sleeping loop, not all of them: every process hears every commit's NOTIFY,
 * and waking every loop of every process for each new run made each run cost a claim query and a
 * due-time query per loop (two processes of four loops: 16 queries beside the run's own 13). A loop
 * that found work passes the wake-up on (see engine.worker.ts), so a burst still spreads over all
 * the loops.
 */

export interface WakeSignal {
  /** A ticket to pass to sleep(): the wake-ups seen so far. */
  ticket(): number;
  /** Wakes the loop that has slept longest, and any loop that sleeps with an older ticket. */
  wake(): void;
  /** Wakes every sleeping loop (stopping). */
  wakeAll(): void;
  /** Sleeps up to `ms`, or not at all when a wake-up came after `ticket` was taken. */
  sleep(ms: number, ticket: number): Promise<void>;
}

export function createWakeSignal(): WakeSignal {
  let wakes = 0;
  let sleepers: Array<() => void> = [];
  return {
    ticket: () => wakes,
    wake() {
      wakes += 1;
      sleepers.shift()?.();
    },
    wakeAll() {
      wakes += 1;
      const waiting = sleepers;
      sleepers = [];
      for (const resolve of waiting) resolve();
    },
    sleep(ms, ticket) {
      if (wakes !== ticket) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          sleepers = sleepers.filter((s) => s !== done);
          resolve();
        }, ms);
        sleepers.push(done);
      });
    },
  };
}

/*
 * How many jobs a loop asks for next. One at a time while the queue is short, so the loops share
 * the work and no run waits behind others in one loop's batch; each time a loop gets all it asked
 * for (a queue is building up) it asks for twice as many, up to the batch size, so a backlog is
 * worked off with few commits.
 */
export function nextClaimSize(asked: number, claimed: number, batchSize: number): number {
  if (claimed <= 0 || claimed < asked) return 1;
  return Math.max(1, Math.min(asked * 2, batchSize));
}
