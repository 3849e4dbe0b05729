import type { Knex } from 'knex';
import { releaseLeases, renewLease } from '../store/job-lease.store.js';

/*
 * Keeps a worker's leases on the external jobs it claimed (HTTP, script) for as long as it works
 * on them. A lease is `timeout + externalLeaseMs` long and is set when the batch is claimed; the
 * worker calls its external jobs one after another, so a job late in the batch used to find its
 * lease spent before its call began, and another worker called the same receiver again while this
 * one was still calling it. Now:
 *
 *   before the call: a lease older than half of externalLeaseMs is renewed, and a job no longer
 *                    ours (another worker took it over when it ran out) is not called at all;
 *   during the call: renewed every half externalLeaseMs while this process is alive, so a live
 *                    call never loses its lease, and a dead one loses it within one lease;
 *   giving up:       release() hands every lease still held back at once (a stop past its grace).
 *
 * Times are this process's monotonic clock, taken before the statement that set the lease, so a
 * lease is never thought younger than it is; its end is the database's now() + leaseMs.
 */

export interface HeldLease {
  jobId: number;
  stepId: number;
  /** The step's time limit plus externalLeaseMs. */
  leaseMs: number;
  /** performance.now() just before the statement that last set the lease. */
  leasedAt: number;
}

/** How long until a lease set at `leasedAt` should be renewed: half of externalLeaseMs after it was set. */
export function renewalDueInMs(leasedAt: number, now: number, externalLeaseMs: number): number {
  return Math.max(0, leasedAt + externalLeaseMs / 2 - now);
}

export interface ExternalLeaseKeeper {
  /** Leases just set by a committed claim. */
  hold(lease: HeldLease): void;
  /**
   * Runs `work` (the call and the apply of its answer) under the lease: renewed first when it is
   * old, and kept while the work runs. Answers false without running it when the job is no longer ours.
   */
  keep(lease: HeldLease, work: () => Promise<void>): Promise<boolean>;
  /** Stops keeping a lease without touching the database (its call will not be made: it runs out on its own). */
  forget(lease: HeldLease): void;
  /** Hands back every lease still held (calls in flight and calls not begun); answers how many the database had. */
  release(): Promise<number>;
  /** Leases held now. */
  readonly held: number;
}

export function createExternalLeaseKeeper(options: { knex: Knex; workerId: string; externalLeaseMs: number; onError?: (error: unknown) => void }): ExternalLeaseKeeper {
  const { knex, workerId, externalLeaseMs } = options;
  const held = new Set<HeldLease>();

  async function renew(lease: HeldLease): Promise<boolean> {
    const at = performance.now();
    const ours = await renewLease(knex, { jobId: lease.jobId, stepId: lease.stepId, workerId, leaseMs: lease.leaseMs });
    if (ours) lease.leasedAt = at;
    return ours;
  }

  return {
    get held() {
      return held.size;
    },
    hold(lease) {
      held.add(lease);
    },
    async keep(lease, work) {
      try {
        if (!held.has(lease)) return false;
        if (renewalDueInMs(lease.leasedAt, performance.now(), externalLeaseMs) === 0 && !(await renew(lease))) return false;
        if (!held.has(lease)) return false; // handed back while renewing
        let timer: NodeJS.Timeout | null = null;
        let done = false;
        const schedule = (): void => {
          timer = setTimeout(() => {
            if (done || !held.has(lease)) return;
            // A failed renewal (the database away) leaves the lease to run out: the crash-safe default.
            void renew(lease).then(
              (ours) => {
                if (ours && !done) schedule();
              },
              (error: unknown) => {
                options.onError?.(error);
                if (!done) schedule();
              },
            );
          }, renewalDueInMs(lease.leasedAt, performance.now(), externalLeaseMs));
          timer.unref();
        };
        schedule();
        try {
          await work();
        } finally {
          done = true;
          if (timer) clearTimeout(timer);
        }
        return true;
      } finally {
        held.delete(lease);
      }
    },
    forget(lease) {
      held.delete(lease);
    },
    async release() {
      const leases = [...held];
      held.clear();
      return releaseLeases(knex, leases.map((lease) => lease.jobId), workerId);
    },
  };
}
