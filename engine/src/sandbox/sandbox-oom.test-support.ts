/*
 * A stand-in for the server, run as its own process by script-sandbox.memory.test.ts: it runs
 * scripts that blow their memory limit through the real sandbox (the API the script node uses),
 * reports its memory before and after, then waits for SIGTERM and, like the runtime's graceful
 * stop, only disposes the sandbox: the process must then end by itself, promptly.
 *
 *   node --no-node-snapshot --import tsx engine/src/sandbox/sandbox-oom.test-support.ts [runs=20] [memoryMb=16]
 *
 * Memory is the resident set of this process plus every process it started (the sandbox
 * processes), read from /proc: moving scripts to a child process must not hide memory there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createScriptSandbox } from './script-sandbox.factory.js';

const OOM_RUNS = Number(process.argv[2] ?? 20);
const MEMORY_MB = Number(process.argv[3] ?? 16);

/** Two ways to run out of memory: steady growth stopped at the limit, and one V8 calls catastrophic. */
const BOMBS = [
  'const a = []; while (true) a.push({ n: a.length, s: "item " + a.length });',
  "const m = new Map(); const s = 'y'.repeat(1024); while (true) m.set(m.size, s + m.size);",
];

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const task of tasks) {
    try {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed) children.push(...listed.split(/\s+/).map(Number));
    } catch {
      // the task ended meanwhile
    }
  }
  return children;
}

function rssMbOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function treeRssMb(pid = process.pid): number {
  return childrenOf(pid).reduce((sum, child) => sum + treeRssMb(child), rssMbOf(pid));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The lowest of a few readings a moment apart: what is held, not what is in passing. */
async function settledRssMb(): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await sleep(200);
    readings.push(treeRssMb());
  }
  return Math.min(...readings);
}

const sandbox = createScriptSandbox();
const runBomb = async (i: number): Promise<string> => {
  const result = await sandbox.run({ source: BOMBS[i % BOMBS.length] ?? '', input: {}, memoryMb: MEMORY_MB, timeoutMs: 20_000, wallTimeoutMs: 40_000 });
  return result.ok ? 'ok' : result.error.code;
};

// Warm-up: normal runs, and one of each bomb so every path has run once.
for (let i = 0; i < 20; i += 1) await sandbox.run({ source: 'return record.n * 2;', input: { record: { n: i } } });
for (let i = 0; i < BOMBS.length; i += 1) await runBomb(i);
await sandbox.run({ source: 'return 1;', input: {} });
const before = await settledRssMb();

// Four at a time, as several process runs would: a retired process still finishes its other runs.
const codes: string[] = [];
for (let i = 0; i < OOM_RUNS; i += 4) {
  codes.push(...(await Promise.all(Array.from({ length: Math.min(4, OOM_RUNS - i) }, (_, j) => runBomb(i + j)))));
}
const after = await sandbox.run({ source: 'return record.n * 2;', input: { record: { n: 21 } } });
// The last recycled process is killed as its run ends; give the kernel a moment to take it back.
let afterMb = await settledRssMb();
for (let i = 0; i < 10 && afterMb > before + 25; i += 1) afterMb = await settledRssMb();

const stats = sandbox.stats();
process.stdout.write(
  `${JSON.stringify({
    beforeMb: Math.round(before),
    afterMb: Math.round(afterMb),
    codes,
    normalRunAfter: after.ok ? after.output : after.error.code,
    processesStarted: stats.processesStarted,
    processesRecycled: stats.processesRecycled,
  })}\n`,
);

// Stands for the server's listening socket: the one thing that should keep the process up.
const listening = setInterval(() => undefined, 1000);
process.once('SIGTERM', () => {
  // As the runtime's graceful stop: close the listener, dispose, and let the event loop end.
  clearInterval(listening);
  void sandbox.dispose();
});
process.stdout.write('waiting for SIGTERM\n');
