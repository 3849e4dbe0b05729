import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConditionValidators, generateDefinitionValidators } from './definition-validators.generator.js';
import { writeOrCheck } from './generated-file.cli.js';

/*
 * npm run gen:types      (also) writes schemas/generated/definition.validators.ts and condition.validators.ts
 * npm run check:types    (also) regenerates them in memory; exits 1 when a file on disk differs
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes('--check');
const target = (name: string) => ({ file: path.resolve(here, '../generated', name), source: 'schemas/json', command: 'npm run gen:types' });

const codes = [writeOrCheck(target('definition.validators.ts'), generateDefinitionValidators(), check), writeOrCheck(target('condition.validators.ts'), generateConditionValidators(), check)];
process.exit(Math.max(...codes));
