/*
 * Stopping the runtime: SIGTERM, SIGINT and SIGHUP (a closed terminal) start a graceful stop
 * (stop taking requests and claiming jobs, let the steps in hand finish, close the database).
 * It must end within its grace period whatever is running: a script spinning in `while (true)`
 * or a step that never settles used to keep the server alive past SIGTERM. After the grace period,
 * or on a second signal, the process ends anyway, saying so. That forced end is a SIGKILL of itself:
 * process.exit() does not return while an isolated-vm isolate is running a script (it waits for the
 * script's own time limit, up to 30 s, then crashes), so only the kernel can end it on time.
 * Just before that forced end, what other processes could take over is handed back (`handBack`:
 * the engine's leases on the calls still in flight), so they take it over at once instead of
 * waiting for the leases to run out (49.6 s, measured, before this was done).
 *
 * `npm start` runs the server as a child of npm (and of a shell): when that parent goes away the
 * server is orphaned, so a changed parent process is treated as a stop signal too.
 */

export interface GracefulStopOptions {
  graceMs: number;
  /** Closes everything, in order. */
  close: () => Promise<void>;
  log: (line: string) => void;
  /** The end of a graceful stop (0) or of a failed one (1). */
  exit: (code: number) => void;
  /** Ends the process now, whatever it is doing (after the grace period, or on a second signal). */
  forceExit: () => void;
  /** How often the parent process is checked (ms). */
  parentCheckMs?: number;
  /**
   * Hands back what other processes could take over (the engine's leases on calls in flight); run
   * when the grace period is about to run out, given its last HAND_BACK_MS (at most a quarter of it).
   */
  handBack?: () => Promise<void>;
}

export interface GracefulStop {
  /** Starts the graceful stop (once; a second call exits at once). */
  stop(reason: string): void;
  /** Removes the signal handlers and the parent check (tests). */
  dispose(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
/** The end of the grace period given to handing back (one short transaction; the process ends on time either way). */
const HAND_BACK_MS = 1000;

export function installGracefulStop(options: GracefulStopOptions): GracefulStop {
  let stopping = false;
  const seconds = (options.graceMs / 1000).toFixed(options.graceMs % 1000 === 0 ? 0 : 1);

  function stop(reason: string): void {
    if (stopping) {
      options.log(`${reason} again: exiting now without waiting for the graceful stop.`);
      options.forceExit();
      return;
    }
    stopping = true;
    options.log(`${reason}: shutting down (at most ${seconds} s)`);
    const handBackMs = Math.min(HAND_BACK_MS, options.graceMs / 4);
    const handBack = options.handBack
      ? setTimeout(() => {
          options.log('The graceful stop is about to run out: handing back the calls still in flight to the other processes.');
          options.handBack?.().catch((error: unknown) => options.log(`Handing back failed: ${error instanceof Error ? error.message : String(error)}`));
        }, options.graceMs - handBackMs)
      : null;
    const force = setTimeout(() => {
      options.log(`The graceful stop did not finish within ${seconds} s (a step or a connection still busy): exiting anyway.`);
      options.forceExit();
    }, options.graceMs);
    options.close().then(
      () => {
        if (handBack) clearTimeout(handBack);
        clearTimeout(force);
        options.log('Stopped.');
        options.exit(0);
      },
      (error: unknown) => {
        if (handBack) clearTimeout(handBack);
        clearTimeout(force);
        options.log(`The graceful stop failed: ${error instanceof Error ? error.message : String(error)}`);
        options.exit(1);
      },
    );
  }

  const handlers = SIGNALS.map((signal) => {
    const handler = (): void => stop(signal);
    process.on(signal, handler);
    return { signal, handler };
  });

  const parent = process.ppid;
  // An orphan is adopted by init or a subreaper: its parent id changes. Started by init itself, there is nothing to watch.
  const parentCheck =
    parent > 1
      ? setInterval(() => {
          if (process.ppid !== parent) stop(`The parent process ${parent} is gone`);
        }, options.parentCheckMs ?? 1000)
      : null;
  parentCheck?.unref();

  return {
    stop,
    dispose() {
      for (const { signal, handler } of handlers) process.off(signal, handler);
      if (parentCheck) clearInterval(parentCheck);
    },
  };
}
