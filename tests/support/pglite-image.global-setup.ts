import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGLITE_IMAGE_ENV, writeFreshPgliteImage } from '@crm/runtime/testing';

/*
 * Once per test run, before any worker starts: a freshly initialised PGlite data folder, dumped to a
 * file that every test database then starts from instead of running initdb itself (see
 * runtime/src/db/test-database.ts). Workers are spawned after this and inherit the variable.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'crm-pglite-image-'));
  const file = path.join(dir, 'fresh.tar');
  await writeFreshPgliteImage(file);
  process.env[PGLITE_IMAGE_ENV] = file;
  return async () => {
    await fs.promises.rm(dir, { recursive: true, force: true });
  };
}
