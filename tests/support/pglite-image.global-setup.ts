import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropPreparedTestDatabases, PGLITE_IMAGE_ENV, TEST_RUN_ENV, writeFreshPgliteImage } from '@crm/runtime/testing';

/*
 * Once per test run, before any worker starts: a freshly initialised PGlite data folder, dumped to a
 * file that every test database then starts from instead of running initdb itself (see
 * runtime/src/db/test-database.ts), and the run's id, which names the databases prepared once per run
 * and copied (runtime/src/db/prepared-test-database.ts). Workers are spawned after this and inherit
 * both variables. Each project of a run calls this setup; the first one's image and id serve them all.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const made = process.env[PGLITE_IMAGE_ENV];
  if (made && fs.existsSync(made) && process.env[TEST_RUN_ENV]) return async () => undefined;
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'crm-pglite-image-'));
  const file = path.join(dir, 'fresh.tar');
  await writeFreshPgliteImage(file);
  const run = crypto.randomBytes(4).toString('hex');
  process.env[PGLITE_IMAGE_ENV] = file;
  process.env[TEST_RUN_ENV] = run;
  return async () => {
    await fs.promises.rm(dir, { recursive: true, force: true });
    if (process.env.TEST_DATABASE_URL) await dropPreparedTestDatabases(run);
  };
}
