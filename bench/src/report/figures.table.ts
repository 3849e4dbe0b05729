import fs from 'node:fs';
import type { BenchResults } from './results.writer.js';
import type { Figure } from './figure.types.js';

/*
 * The markdown table of a results file, for bench/README.md:
 *   node --import tsx bench/src/report/figures.table.ts bench/results/<date>.json
 */

function number(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  return abs >= 100 ? x.toFixed(0) : abs >= 10 ? x.toFixed(1) : abs >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function verdict(f: Figure): string {
  if (!f.goal) return '';
  return `${f.goal.text}: ${f.met ? 'met' : '**missed**'}`;
}

export function figuresTable(results: BenchResults): string[] {
  const m = results.machine;
  const lines = [
    `${results.mode === 'quick' ? 'Quick run' : 'Full run'} of ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.durationS.toFixed(0)} s: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, node ${m.node}, ${Object.values(results.databases).join(' and ')}; load average (1/5/15 min) ${m.loadAverage.join(' / ')} at the start, ${results.loadAverageAtEnd.join(' / ')} at the end.`,
    '',
    '| db | scenario | figure | ours | baseline | ratio | goal |',
    '|---|---|---|---:|---|---:|---|',
  ];
  for (const f of results.figures) {
    const baseline = f.baseline === null ? '–' : `${number(f.baseline)} (${f.baselineName ?? ''})`;
    lines.push(`| ${f.db} | ${f.scenario} | ${f.metric} | ${number(f.value)} | ${baseline} | ${number(f.ratio)} | ${verdict(f)} |`);
  }
  for (const failure of results.failures) lines.push(`| ${failure.db} | ${failure.scenario} | **failed** | | ${failure.error.split('\n')[0]?.replace(/\|/g, '/') ?? ''} | | |`);
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: figures.table.ts <results.json>');
  const results: BenchResults = JSON.parse(fs.readFileSync(file, 'utf8'));
  console.log(figuresTable(results).join('\n'));
}
