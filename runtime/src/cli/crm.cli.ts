import fs from 'node:fs';
import { recordTypesFor, validateApp } from '@crm/schemas';
import { backupCommand, restoreCommand } from './backup.command.js';
import { bundleCommand } from './bundle.command.js';

/*
 * `npm run crm -- types <app.json>` prints the TypeScript record types of every entity (what script
 * authors see in the editor); `npm run crm -- validate <app.json>` prints the definition's issues;
 * `backup <file>` / `restore <file> [--force]` save and bring back the whole instance (backup.command.ts);
 * `bundle export|import <file>` carries the app into another instance (bundle.command.ts).
 */
function readJson(file: string | undefined): unknown {
  if (!file) throw new Error('Give the path of an app definition (JSON).');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function run(argv: string[]): Promise<number> {
  const [command, file] = argv;
  if (command === 'backup') return backupCommand(argv.slice(1), process.env);
  if (command === 'restore') return restoreCommand(argv.slice(1), process.env);
  if (command === 'bundle') return bundleCommand(argv.slice(1), process.env);
  if (command !== 'types' && command !== 'validate') {
    console.error('usage: crm types <app.json> | crm validate <app.json> | crm backup <file> | crm restore <file> [--force] | crm bundle export|import <file>');
    return 2;
  }
  const input = readJson(file);
  const app = typeof input === 'object' && input !== null && 'app' in input ? input.app : input;
  const result = validateApp(app);
  if (!result.ok) {
    for (const issue of result.issues) console.error(`${issue.pointer || '/'}: ${issue.message.en} | ${issue.message.ru}`);
    return 1;
  }
  if (command === 'validate') {
    console.log('The definition is valid.');
    return 0;
  }
  process.stdout.write(await recordTypesFor(result.app));
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
