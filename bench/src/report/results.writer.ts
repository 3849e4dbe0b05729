import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/bench-child.process.js';
import type { Figure } from './figure.types.js';
import type { MachineInfo } from './machine.info.js';

/*
 * bench/results/<date>.json for a run of record (every scenario on every database, full scale, not
 * profiled); any other run names what it was (<date>-quick.json, <date>-runs-postgres-profiled.json),
 * so a partial or profiled run on the day of a run of record can never replace it (one did, on
 * 2026-12-07, until git put it back). Written to a .tmp file first and renamed, so an interrupted
 * bench never leaves half a results file; the .tmp files and every name but the run of record's are
 * git-ignored.
 */

export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  machine: MachineInfo;
  /** Load average when the bench ended (the machine's at the start is in `machine`). */
  loadAverageAtEnd: number[];
  databases: Record<string, string>;
  scale: unknown;
  figures: Figure[];
  failures: Array<{ scenario: string; db: string; error: string }>;
  durationS: number;
}

/** What a run measured, as far as its file name goes: the parts of `BenchOptions` that make it partial. */
export interface RunSelection {
  mode: 'quick' | 'full';
  /** The scenarios run, or null for all of them. */
  scenarios: readonly string[] | null;
  /** The databases used, or null for both. */
  databases: readonly string[] | null;
  profiled: boolean;
}

export function resultsFileName(date: string, run: RunSelection): string {
  const parts = [date];
  if (run.mode === 'quick') parts.push('quick');
  if (run.scenarios) parts.push(...run.scenarios);
  if (run.databases) parts.push(...run.databases);
  if (run.profiled) parts.push('profiled');
  return `${parts.join('-')}.json`;
}

export function writeResults(results: BenchResults, run: RunSelection): string {
  const file = path.join(REPO_ROOT, 'bench', 'results', resultsFileName(results.date.slice(0, 10), run));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
