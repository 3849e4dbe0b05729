import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '@crm/runtime';
import { createTestDatabase, REPO_ROOT, startTestRuntime, testDatabaseKinds, type TestDatabase, type TestRuntime } from '@crm/runtime/testing';
import { readContents } from './backup-file.support.js';

/*
 * `npm run crm -- backup|restore` as an operator runs them: the CLI itself, in its own process, on
 * the database `npm start` would open (CRM_DATA_DIR for the embedded one, DATABASE_URL for PostgreSQL).
 */

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function crm(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/cli/crm.cli.ts', ...args], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(testDatabaseKinds())('the backup CLI on %s', (kind) => {
  let source: TestRuntime;
  let target: TestDatabase | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-backup-cli-'));
  const file = path.join(dir, 'source.backup.gz');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env.DATABASE_URL;

  beforeAll(async () => {
    source = await startTestRuntime(kind, { template: 'b2b-sales' });
    await writeBackup(source.db.knex, kind, file);
    if (kind === 'postgres') {
      target = await createTestDatabase('postgres', 'crm_restore_cli');
      env.DATABASE_URL = target.url;
    } else {
      env.CRM_DATA_DIR = path.join(dir, 'data');
    }
  }, 300_000);

  afterAll(async () => {
    await source?.close();
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a new instance, refuses a second restore without --force, and backs the instance up again unchanged', async () => {
    const restored = await crm(['restore', file], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ tables, \d+ rows/);

    const refused = await crm(['restore', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('RESTORE_REFUSED');
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    const again = path.join(dir, 'again.backup.gz');
    const backedUp = await crm(['backup', again], env);
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toContain(`to ${again}`);
    expect((await readContents(again)).rows).toEqual((await readContents(file)).rows);

    const forced = await crm(['restore', again, '--force'], env);
    expect(forced.code).toBe(0);
  }, 400_000);

  it('a file that is not a backup is refused with a message, not a stack trace', async () => {
    const bogus = path.join(dir, 'bogus.gz');
    fs.writeFileSync(bogus, 'not a backup');
    const result = await crm(['restore', bogus, '--force'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a backup');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
