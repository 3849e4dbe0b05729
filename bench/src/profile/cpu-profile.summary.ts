import fs from 'node:fs';
import path from 'node:path';

/*
 * Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: the functions with the
 * most self time, and self time summed by package / source folder, so "the product is slow"
 * becomes "x% in knex's query compiler, y% in Ajv, z% in pg's parser".
 *
 *   node --import tsx bench/src/profile/cpu-profile.summary.ts <file.cpuprofile> [top]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Groups a script URL into its package (node_modules/<pkg>) or our source folder (runtime/src/records). */
export function moduleOf(url: string): string {
  if (url === '') return '(native / idle / gc)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const ours = /\/(schemas|engine|runtime|templates)\/src\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/src/${ours[2]}`;
  return path.basename(url);
}

export function summarizeProfile(profile: CpuProfile, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)?.callFrame.functionName ?? '')).reduce((a, [, ms]) => a + ms, 0);
  const busy = total - idle;
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') continue;
    const url = node.callFrame.url.replace(/^file:\/\//, '');
    const key = `${name}  ${url ? `${moduleOf(url)}:${path.basename(url)}:${node.callFrame.lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    const mod = name === '(garbage collector)' ? '(garbage collector)' : moduleOf(url);
    modules.set(mod, (modules.get(mod) ?? 0) + ms);
  }
  const pct = (ms: number): string => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(busy / 1000).toFixed(1)} s of ${(total / 1000).toFixed(1)} s profiled (idle ${(idle / 1000).toFixed(1)} s); shares of busy time`, '  by package / folder (self time):'];
  for (const [mod, ms] of [...modules.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(ms)}  ${mod}`);
  lines.push('  by function (self time):');
  for (const [fn, ms] of [...functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(ms)}  ${fn}`);
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile.summary.ts <file.cpuprofile> [top]');
  const profile: CpuProfile = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const line of summarizeProfile(profile, Number(process.argv[3] ?? 25))) console.log(line);
}
