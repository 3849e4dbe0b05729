import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDefinitionReference } from '../src/reference/definition-reference.writer.js';

/*
 * npm run gen:reference     writes docs/definition-language.md
 * npm run check:reference   exits 1 when the file on disk is not what the schemas and catalogs say
 */

const here = path.dirname(fileURLToPath(import.meta.url));
export const REFERENCE_FILE = path.resolve(here, '../../docs/definition-language.md');

function main(argv: readonly string[]): number {
  const generated = writeDefinitionReference();
  const relative = path.relative(process.cwd(), REFERENCE_FILE);
  if (!argv.includes('--check')) {
    fs.writeFileSync(REFERENCE_FILE, generated);
    console.log(`Wrote ${relative}.`);
    return 0;
  }
  const onDisk = fs.existsSync(REFERENCE_FILE) ? fs.readFileSync(REFERENCE_FILE, 'utf8') : undefined;
  if (onDisk === generated) {
    console.log(`${relative} is up to date.`);
    return 0;
  }
  console.error(`${relative} is out of date with the schemas and catalogs. Run \`npm run gen:reference\` and commit the result.`);
  return 1;
}

process.exit(main(process.argv.slice(2)));
