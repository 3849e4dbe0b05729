import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDefinitionTypes } from './definition-types.generator.js';
import { writeOrCheck } from './generated-file.cli.js';

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

async function main(argv: readonly string[]): Promise<number> {
  const outFile = path.resolve(optionValue(argv, '--out') ?? DEFAULT_OUT_FILE);
  const schemaDir = path.resolve(optionValue(argv, '--schemas') ?? DEFAULT_SCHEMA_DIR);
  const generated = await generateDefinitionTypes(schemaDir);
  return writeOrCheck({ file: outFile, source: 'schemas/json', command: 'npm run gen:types' }, generated, argv.includes('--check'));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
