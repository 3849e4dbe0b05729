import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDefinitionValidators } from './definition-validators.generator.js';

/*
 * npm run gen:types      (also) writes schemas/generated/definition.validators.ts
 * npm run check:types    (also) regenerates it in memory; exits 1 when the file on disk differs
 */

const here = path.dirname(fileURLToPath(import.meta.url));
export const VALIDATORS_FILE = path.resolve(here, '../generated/definition.validators.ts');

function main(argv: readonly string[]): number {
  const generated = generateDefinitionValidators();
  const relative = path.relative(process.cwd(), VALIDATORS_FILE);
  if (!argv.includes('--check')) {
    fs.writeFileSync(VALIDATORS_FILE, generated);
    console.log(`Wrote ${relative}.`);
    return 0;
  }
  const onDisk = fs.existsSync(VALIDATORS_FILE) ? fs.readFileSync(VALIDATORS_FILE, 'utf8') : undefined;
  if (onDisk === generated) {
    console.log(`${relative} is up to date.`);
    return 0;
  }
  console.error(`${relative} is out of date with schemas/json (${onDisk === undefined ? 'it does not exist' : 'it differs'}). Run \`npm run gen:types\` and commit the result.`);
  return 1;
}

process.exit(main(process.argv.slice(2)));
