import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '@crm/schemas';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { publish, signIn, until } from './harness/api-client.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { ADMIN_PASSWORD, freePort, RuntimeChild } from './harness/runtime-child.js';

/*
 * `npm start` as a new user meets it (issue 11, items 10 and 12): the runtime is spawned the way
 * npm start runs it. A busy port, an unknown template or a weak demo password end the process at
 * once with the reason and a non-zero code (no stack trace, no data folder); SIGTERM ends it
 * within its grace period even while a script spins in `while (true)`.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GRACE_MS = 3000;

interface Finished {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs main.ts to its end (or kills it after timeoutMs) and returns what it printed. */
function runToExit(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Finished> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/main.ts', '--host', '127.0.0.1', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, CRM_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

function tempDataDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crm-start-')), 'data');
}

/** One entity and a manual process whose script never ends on its own (it would time out after 30 s). */
function spinningApp(): App {
  return {
    name: 'spin',
    label: { ru: 'Спин', en: 'Spin' },
    entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'text' }] }],
    processes: [
      {
        name: 'spin',
        trigger: { type: 'manual', entity: 'deal' },
        nodes: [{ id: 'loop', type: 'script', position: { x: 200, y: 0 }, config: { source: 'while (true) {}', timeoutMs: 30_000 } }],
        edges: [{ from: 'trigger', to: 'loop' }],
      },
    ],
  };
}

describe('npm start refuses what it cannot do, with the reason', () => {
  const stores: DurableStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.drop();
  });

  it('a second runtime on a port in use exits non-zero saying so, and opens no database', async () => {
    const store = await createDurableStore('pglite');
    stores.push(store);
    const first = await RuntimeChild.start(store, { workers: 0 });
    try {
      const dataDir = tempDataDir();
      const second = await runToExit(['--port', String(first.spec.port)], { CRM_DATA_DIR: dataDir });
      expect(second.code).not.toBe(0);
      expect(second.output).toContain(`Port ${first.spec.port} is already in use; set PORT=`);
      expect(second.output).not.toContain('CRM runtime on');
      expect(fs.existsSync(dataDir)).toBe(false);
      expect((await fetch(`${first.baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  }, 180_000);

  it('an unknown template lists the templates that exist, without a stack trace', async () => {
    const dataDir = tempDataDir();
    const result = await runToExit(['--port', String(await freePort()), '--template', 'nope'], { CRM_DATA_DIR: dataDir });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('There is no template "nope". Templates: b2b-sales');
    expect(result.output).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('a weak CRM_DEMO_PASSWORD stops the start before anything is installed', async () => {
    const dataDir = tempDataDir();
    const result = await runToExit(['--port', String(await freePort()), '--template', 'b2b-sales'], { CRM_DATA_DIR: dataDir, CRM_DEMO_PASSWORD: 'password' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('CRM_DEMO_PASSWORD is not accepted');
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('with no template and nothing published, says how to load a template or publish an app', async () => {
    const store = await createDurableStore('pglite');
    stores.push(store);
    const child = await RuntimeChild.start(store, { workers: 0 });
    await until('the first-start hint', async () => child.output().includes('Nothing is published yet'), 10_000);
    expect(child.output()).toContain('npm start -- --template b2b-sales');
    expect(child.output()).toContain('/api/definitions/publish');
    expect(await child.stop()).toEqual({ code: 0, signal: null });
  }, 180_000);
});

describe.each(testDatabaseKinds())('SIGTERM on %s', (kind) => {
  let store: DurableStore | undefined;
  afterAll(async () => {
    await store?.drop();
  });

  it('ends the runtime within its grace period while a script spins in while (true)', async () => {
    store = await createDurableStore(kind);
    const child = await RuntimeChild.start(store, { env: { CRM_SHUTDOWN_GRACE_MS: String(GRACE_MS) } });
    const admin = await signIn(child.baseUrl);
    await publish(admin, spinningApp());
    const deal = await admin.expect<{ id: string }>(201, 'POST', '/api/records/deal', { body: { title: 'spin' } });
    const started = await admin.expect<{ data: Array<{ runId: string }> }>(202, 'POST', '/api/processes/spin/start', { body: { recordId: deal.id } });
    const runId = started.data[0]?.runId ?? '';
    await until('the script step running', async () => (await admin.run(runId)).steps.some((s) => s.nodeId === 'loop' && s.status === 'running'), 20_000);

    const t0 = Date.now();
    // The harness would SIGKILL it only after 60 s; the runtime must end itself at its grace period.
    await child.stop(60_000);
    const took = Date.now() - t0;
    expect(took, child.output()).toBeLessThan(GRACE_MS + 3000);
    expect(child.output()).toContain('SIGTERM: shutting down (at most 3 s)');
    expect(child.output()).toContain('The graceful stop did not finish within 3 s');
  }, 180_000);
});
