import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDefinitionTypes } from './definition-types.generator.js';

/*
 * npm run gen:types      writes schemas/generated/definition.types.ts
 * npm run check:types    regenerates in memory; exits 1 when the file on disk differs
 * Options (for tests): --out <file> writes/checks that file instead; --schemas <dir> reads there.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_SCHEMA_DIR = path.resolve(here, '../json');
const DEFAULT_OUT_FILE = path.resolve(here, '../generated/definition.types.ts');

function optionValue(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
}

function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i += 1) if (left[i] !== right[i]) return i + 1;
  return -1;
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const outFile = path.resolve(optionValue(argv, '--out') ?? DEFAULT_OUT_FILE);
  const schemaDir = path.resolve(optionValue(argv, '--schemas') ?? DEFAULT_SCHEMA_DIR);
  const generated = await generateDefinitionTypes(schemaDir);
  const relative = path.relative(process.cwd(), outFile);

  if (!check) {
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, generated);
    console.log(`Wrote ${relative}.`);
    return 0;
  }
  const onDisk = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : undefined;
  if (onDisk === generated) {
    console.log(`${relative} is up to date.`);
    return 0;
  }
  const detail = onDisk === undefined ? 'it does not exist' : `first difference at line ${firstDifferentLine(onDisk, generated)}`;
  console.error(`${relative} is out of date with schemas/json (${detail}). Run \`npm run gen:types\` and commit the result.`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
