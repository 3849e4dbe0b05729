import { formatFigure } from './figure.printer.js';
import type { Figure } from './figure.types.js';

/*
 * Collects figures as scenarios produce them (printing each line at once) and failures (a scenario
 * that threw is reported and the bench goes on with the next one; the exit code says so).
 */

export interface ScenarioFailure {
  scenario: string;
  db: string;
  error: string;
}

export class FigureRecorder {
  readonly figures: Figure[] = [];
  readonly failures: ScenarioFailure[] = [];

  add(figures: readonly Figure[]): void {
    for (const f of figures) {
      this.figures.push(f);
      console.log(formatFigure(f));
    }
  }

  /** Runs one scenario step; a failure is recorded and printed, and the result is null. */
  async attempt<T>(scenario: string, db: string, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.failures.push({ scenario, db, error: message });
      console.error(`${db.padEnd(8)} ${scenario.padEnd(15)} FAILED: ${message}`);
      return null;
    }
  }
}

export function progress(message: string): void {
  console.log(`  · ${message}`);
}
