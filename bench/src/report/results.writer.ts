import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/bench-child.process.js';
import type { Figure } from './figure.types.js';
import type { MachineInfo } from './machine.info.js';

/*
 * bench/results/<date>.json (a --quick run: <date>-quick.json). Written to a .tmp file first and
 * renamed, so an interrupted bench never leaves half a results file; the .tmp files are git-ignored.
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

export function resultsPath(date: string, mode: 'quick' | 'full'): string {
  return path.join(REPO_ROOT, 'bench', 'results', `${date}${mode === 'quick' ? '-quick' : ''}.json`);
}

export function writeResults(results: BenchResults): string {
  const file = resultsPath(results.date.slice(0, 10), results.mode);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
