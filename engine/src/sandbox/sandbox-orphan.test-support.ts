/*
 * A stand-in server for script-sandbox.orphan.test.ts: it starts a script that spins for a minute
 * through the real sandbox, prints the ids of the processes it started (the sandbox processes), and
 * waits to be killed. The test kills it with SIGKILL, as a crash or `kill -9` would, and checks
 * that the sandbox processes do not outlive it.
 *
 *   node --no-node-snapshot --import tsx engine/src/sandbox/sandbox-orphan.test-support.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createScriptSandbox } from './script-sandbox.factory.js';

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed) children.push(...listed.split(/\s+/).map(Number));
    } catch {
      // the task ended meanwhile
    }
  }
  return children;
}

const sandbox = createScriptSandbox();
await sandbox.run({ source: 'return 1;', input: {} });
void sandbox.run({ source: 'for (;;) {}', input: {}, timeoutMs: 60_000, wallTimeoutMs: 90_000 });
// Let the spin start in the sandbox process before reporting.
await new Promise((resolve) => setTimeout(resolve, 1000));
process.stdout.write(`${JSON.stringify({ children: childrenOf(process.pid) })}\n`);
setInterval(() => undefined, 1000);
