/*
 * Everything the bench starts (child processes, databases, scratch folders) registers how to undo
 * it here, the moment it exists. `runAll` undoes it last-in first-out and keeps going when one step
 * fails, so a scenario that throws halfway still leaves nothing behind; bench.ts calls it from
 * `finally` and from its SIGINT / SIGTERM handlers.
 */

export interface CleanupStep {
  name: string;
  run: () => Promise<void>;
}

export class CleanupRegistry {
  private readonly steps: CleanupStep[] = [];

  /** Registers an undo step; the returned function runs it now (once) and forgets it. */
  add(name: string, run: () => Promise<void>): () => Promise<void> {
    const step: CleanupStep = { name, run };
    this.steps.push(step);
    return async () => {
      const index = this.steps.indexOf(step);
      if (index === -1) return;
      this.steps.splice(index, 1);
      await step.run();
    };
  }

  /** Runs every step still registered, newest first; returns the failures as messages. */
  async runAll(): Promise<string[]> {
    const failures: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      if (!step) break;
      try {
        await step.run();
      } catch (error) {
        failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures;
  }

  get pending(): number {
    return this.steps.length;
  }
}
