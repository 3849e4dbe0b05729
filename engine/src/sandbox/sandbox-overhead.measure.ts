/*
 * Measures what a sandboxed run costs on top of the script itself: a trivial script (the work is
 * nil, so the time is all overhead), warm (isolate reused, script compiled, fresh context each
 * run), with one API call, cold (a new isolate in the running sandbox process), a new sandbox
 * (its process started too), and many runs at once. Every run crosses to the sandbox process and
 * back (IPC), and so does every API call.
 *
 *   node --no-node-snapshot --import tsx engine/src/sandbox/sandbox-overhead.measure.ts
 */
import type { JsonValue } from './sandbox.types.js';
import { createScriptSandbox } from './script-sandbox.factory.js';

const RUNS = Number(process.env.RUNS ?? 3000);

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(3);
  const mean = (sorted.reduce((sum, x) => sum + x, 0) / sorted.length).toFixed(3);
  return `${label.padEnd(44)} n=${String(sorted.length).padStart(5)}  mean ${mean} ms  p50 ${at(0.5)}  p95 ${at(0.95)}  p99 ${at(0.99)}`;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const sandbox = createScriptSandbox();
  const input = (n: number) => ({ record: { id: `r${n}`, amount: n }, trigger: { type: 'record' }, steps: {}, user: { id: 'u1' }, now: new Date(0).toISOString() });
  const source = 'return { doubled: record.amount * 2 };';
  const api = { getRecord: async (id: JsonValue): Promise<JsonValue> => ({ id, name: 'Acme' }) };

  for (let i = 0; i < 500; i += 1) await sandbox.run({ source, input: input(i), api });

  const warm: number[] = [];
  for (let i = 0; i < RUNS; i += 1) warm.push(await timed(() => sandbox.run({ source, input: input(i) })));

  const withApi: number[] = [];
  const apiSource = 'const company = await api.getRecord(record.id); return { name: company.name };';
  for (let i = 0; i < RUNS; i += 1) withApi.push(await timed(() => sandbox.run({ source: apiSource, input: input(i), api })));

  const cold: number[] = [];
  // Isolates are pooled by memory limit: a limit not used before gets a new isolate.
  for (let i = 0; i < 50; i += 1) cold.push(await timed(() => sandbox.run({ source, input: input(i), memoryMb: 40 + i })));

  const fresh: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    const started = createScriptSandbox();
    fresh.push(await timed(() => started.run({ source, input: input(i) })));
    await started.dispose();
  }

  const concurrentStarted = performance.now();
  await Promise.all(Array.from({ length: RUNS }, (_, i) => sandbox.run({ source, input: input(i) })));
  const concurrentPerRun = (performance.now() - concurrentStarted) / RUNS;

  const stats = sandbox.stats();
  await sandbox.dispose();

  console.log(`node ${process.version}, ${RUNS} runs per series`);
  console.log(summary('warm run, fresh context (the target: < 2 ms)', warm));
  console.log(summary('warm run with one API call', withApi));
  console.log(summary('cold run (new isolate, script compiled)', cold));
  console.log(summary('first run of a new sandbox (process started)', fresh));
  console.log(`${'concurrent runs (all at once), per run'.padEnd(44)} ${concurrentPerRun.toFixed(3)} ms`);
  console.log(`isolates created ${stats.isolatesCreated}, compiled-script hits ${stats.compiledScriptHits}, misses ${stats.compiledScriptMisses}, sandbox processes ${stats.processesStarted}`);
}

await main();
