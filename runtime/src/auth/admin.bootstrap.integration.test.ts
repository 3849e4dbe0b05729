import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database.js';
import { migrateSystemTables } from '../db/system.migrations.js';
import { countUsers, findUserByEmail } from '../people/users.repository.js';
import { ensureFirstAdmin, FIRST_ADMIN_EMAIL, StartupConfigError } from './admin.bootstrap.js';
import { verifyPassword } from './password.hasher.js';

describe.each(testDatabaseKinds())('first admin on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await migrateSystemTables(db.knex);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses a CRM_ADMIN_PASSWORD that is short, too long or common, creating nobody', async () => {
    for (const [password, why] of [
      ['short1!', /at least 8/],
      ['x'.repeat(129), /at most 128/],
      ['Password123', /common/],
      ['QWERTYUIOP', /common/],
    ] as const) {
      const attempt = ensureFirstAdmin(db.knex, password);
      await expect(attempt).rejects.toBeInstanceOf(StartupConfigError);
      await expect(ensureFirstAdmin(db.knex, password)).rejects.toThrow(why);
    }
    expect(await countUsers(db.knex)).toBe(0);
  });

  it('generates a strong password when none is configured, and only once', async () => {
    const result = await ensureFirstAdmin(db.knex, undefined);
    expect(result.created).toBe(true);
    const password = result.generatedPassword ?? '';
    expect(password).toHaveLength(24);
    const admin = await findUserByEmail(db.knex, FIRST_ADMIN_EMAIL);
    expect(admin?.roles).toEqual(['admin']);
    expect(await verifyPassword(password, admin?.password_hash ?? '')).toBe(true);
    expect(await ensureFirstAdmin(db.knex, 'lavender-koala-summit-2')).toEqual({ created: false });
  });
});

describe('npm start with a weak CRM_ADMIN_PASSWORD', () => {
  it('stops with a clear message and a non-zero exit code', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-weak-admin-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CRM_ADMIN_PASSWORD: 'password1', CRM_DATA_DIR: dataDir, PORT: '0' };
      delete env['DATABASE_URL'];
      const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/main.ts'], { cwd: root, env });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain('Cannot start: CRM_ADMIN_PASSWORD is not accepted');
      expect(stderr).toMatch(/common/);
      expect(stderr).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
