import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDefinitionValidators } from './definition-validators.generator.js';
import { writeOrCheck } from './generated-file.cli.js';

/*
 * npm run gen:types      (also) writes schemas/generated/definition.validators.ts
 * npm run check:types    (also) regenerates it in memory; exits 1 when the file on disk differs
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const VALIDATORS_FILE = path.resolve(here, '../generated/definition.validators.ts');

const target = { file: VALIDATORS_FILE, source: 'schemas/json', command: 'npm run gen:types' };
process.exit(writeOrCheck(target, generateDefinitionValidators(), process.argv.includes('--check')));
