import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * A server killed with SIGKILL (a crash, an OOM kill, `kill -9`) while a script spins must not leave
 * its sandbox process behind, burning a core with no one to answer: the sandbox process notices its
 * host is gone and ends itself. `process.exit()` does not do it there: it waits for the isolate's
 * running script, so the process must kill itself outright.
 */
const PROBE = fileURLToPath(new URL('./sandbox-orphan.test-support.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Alive and not a zombie (an ended child of the killed host waits for init to reap it). */
function alive(pid: number): boolean {
  try {
    return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('script sandbox processes', () => {
  it.skipIf(!existsSync('/proc/self/status'))('end when their host is killed while a script spins', async () => {
    // ARRANGE: a host with a script spinning in its sandbox process
    const host = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', PROBE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const reported = new Promise<number[]>((resolve, reject) => {
      host.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { children: number[] }).children);
      });
      host.on('exit', () => reject(new Error(`the host ended before reporting: ${stdout}`)));
    });
    const children = await reported;
    expect(children.length).toBeGreaterThan(0);

    // ACT: the host dies without a chance to clean up
    host.kill('SIGKILL');

    // ASSERT: its sandbox processes are gone within a few seconds
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && children.some(alive)) await new Promise((resolve) => setTimeout(resolve, 100));
    const left = children.filter(alive);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left).toEqual([]);
  }, 60_000);
});
