import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDefinitionReference } from '../src/reference/definition-reference.writer.js';
import { writeOrCheck } from './generated-file.cli.js';

/*
 * npm run gen:reference     writes docs/definition-language.md
 * npm run check:reference   exits 1 when the file on disk is not what the schemas and catalogs say
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE_FILE = path.resolve(here, '../../docs/definition-language.md');

const target = { file: REFERENCE_FILE, source: 'the schemas and catalogs', command: 'npm run gen:reference' };
process.exit(writeOrCheck(target, writeDefinitionReference(), process.argv.includes('--check')));
