import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/database.factory.js';
import { createRuntime } from '../runtime.factory.js';
import { findUserByEmail } from '../people/users.repository.js';
import { FIRST_ADMIN_EMAIL } from '../auth/admin.bootstrap.js';
import { isAppError } from '../errors/app-error.js';
import { exportBundle } from '../bundles/bundle.writer.js';
import { importBundle } from '../bundles/bundle-import.service.js';

/*
 * `npm run crm -- bundle export <file> [--data] [--people]` and `bundle import <file> [--dry-run]`,
 * on the database `npm start` would open (see backup.command.ts); imports act as the first admin.
 */

export const BUNDLE_USAGE = 'usage: crm bundle export <file> [--data] [--people] | crm bundle import <file> [--dry-run]';

export async function bundleCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { data: { type: 'boolean' }, people: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  const [action, file] = positionals;
  if ((action !== 'export' && action !== 'import') || !file || positionals.length > 2) {
    console.error(BUNDLE_USAGE);
    return 2;
  }
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.CRM_DATA_DIR ?? 'data', poolMax: 2 });
  const runtime = await createRuntime(db, { duties: { maintenance: false } });
  try {
    if (action === 'export') {
      const bundle = await exportBundle(db.knex, runtime.definitionService, { data: values.data === true, people: values.people === true });
      fs.writeFileSync(file, JSON.stringify(bundle));
      console.log(`Exported ${bundle.definition.name} to ${file}`);
      return 0;
    }
    const admin = await findUserByEmail(db.knex, FIRST_ADMIN_EMAIL);
    if (!admin) {
      console.error(`Start the CRM once first: ${FIRST_ADMIN_EMAIL} must exist to import as.`);
      return 1;
    }
    const input: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const result = await importBundle({ knex: db.knex, definitionService: runtime.definitionService }, input, { id: admin.id }, { dryRun: values['dry-run'] === true });
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(`${error.code}: ${error.message}`);
    for (const detail of error.details) console.error(`  ${detail.message}${detail.message_ru ? ` | ${detail.message_ru}` : ''}`);
    return 1;
  } finally {
    await runtime.stop();
    await db.close();
  }
}
