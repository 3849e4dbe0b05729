import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * The layer rules in eslint.config.js are only worth something if they fire. Each case lints a
 * one-line snippet as if it lived at a path inside a package and says whether the import must be
 * refused (and by which rule) or let through. A rule that silently stops matching (a glob typo, a
 * later config block overriding an earlier one) fails here instead of letting the hole back in.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IMPORT_RULE = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: path.join(root, 'eslint.config.js'),
    // no-cycle resolves every import through the TypeScript project (seconds per snippet) and
    // says nothing about these cases.
    overrideConfig: { rules: { 'import-x/no-cycle': 'off' } },
  });
});

async function ruleIdsFor(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file} did not parse: ${fatal.message}`);
  return messages.map((m) => m.ruleId ?? '');
}

interface Case {
  hole: string;
  file: string;
  code: string;
}

const refused: Case[] = [
  { hole: 'engine reaches into schemas by relative path', file: 'engine/src/nodes/probe.ts', code: "import { x } from '../../../schemas/src/catalog/node-types.catalog.js';" },
  { hole: 'engine reaches into schemas/generated', file: 'engine/src/probe.ts', code: "import type { App } from '../../schemas/generated/definition.types.js';" },
  { hole: 'engine reaches into schemas by package path', file: 'engine/src/probe.ts', code: "import { x } from '@crm/schemas/src/index.js';" },
  { hole: 'engine opens PostgreSQL with pg', file: 'engine/src/store/probe.ts', code: "import pg from 'pg';" },
  { hole: 'engine opens PGlite', file: 'engine/src/store/probe.ts', code: "import { PGlite } from '@electric-sql/pglite';" },
  { hole: 'engine sends mail itself', file: 'engine/src/nodes/probe.ts', code: "import nodemailer from 'nodemailer';" },
  { hole: 'engine builds its own knex connection', file: 'engine/src/store/probe.ts', code: "import knexFactory from 'knex';" },
  { hole: 'engine imports the runtime', file: 'engine/src/probe.ts', code: "import { x } from '@crm/runtime';" },
  { hole: 'runtime reaches into engine by relative path', file: 'runtime/src/processes/probe.ts', code: "import { x } from '../../../engine/src/engine.factory.js';" },
  { hole: 'runtime reaches into engine by package path', file: 'runtime/src/processes/probe.ts', code: "import { x } from '@crm/engine/src/engine.factory.js';" },
  { hole: 'runtime reaches into schemas by relative path', file: 'runtime/src/records/probe.ts', code: "import { x } from '../../../schemas/src/index.js';" },
  { hole: 'runtime uses @crm/engine outside processes/', file: 'runtime/src/records/probe.ts', code: "import { x } from '@crm/engine';" },
  { hole: 'runtime test outside processes/ uses @crm/engine', file: 'runtime/src/db/probe.integration.test.ts', code: "import { x } from '@crm/engine';" },
  { hole: 'runtime reaches past the records face', file: 'runtime/src/exchange/probe.ts', code: "import { createRecordService } from '../records/record.service.js';" },
  { hole: 'a route appends to the audit chain itself', file: 'runtime/src/people/probe.ts', code: "import { appendAuditEntry } from '../audit/audit.log.js';" },
  { hole: 'runtime processes/ reaches past the records face', file: 'runtime/src/processes/probe.ts', code: "import type { StoredRecord } from '../records/record.types.js';" },
  { hole: 'schemas imports a node: builtin', file: 'schemas/src/semantic/probe.ts', code: "import fs from 'node:fs';" },
  { hole: 'schemas imports a builtin without the prefix', file: 'schemas/src/probe.ts', code: "import crypto from 'crypto';" },
  { hole: 'runtime reaches into schemas by another package path', file: 'runtime/src/probe.ts', code: "import { x } from '@crm/schemas/generated/definition.validators.js';" },
  { hole: 'schemas imports a builtin subpath', file: 'schemas/src/probe.ts', code: "import { readFile } from 'node:fs/promises';" },
  { hole: 'templates import the runtime', file: 'templates/src/probe.ts', code: "import { x } from '@crm/runtime';" },
  { hole: 'templates reach the runtime by relative path', file: 'templates/src/probe.ts', code: "import { x } from '../../runtime/src/index.js';" },
  { hole: 'templates import the engine', file: 'templates/src/probe.ts', code: "import { x } from '@crm/engine';" },
];

const allowed: Case[] = [
  { hole: 'engine imports @crm/schemas', file: 'engine/src/probe.ts', code: "import { validateApp } from '@crm/schemas';" },
  { hole: 'the runtime installs the precompiled validators', file: 'runtime/src/probe.ts', code: "import '@crm/schemas/precompiled';" },
  { hole: 'engine imports knex types', file: 'engine/src/store/probe.ts', code: "import type { Knex } from 'knex';" },
  { hole: 'engine imports its own modules', file: 'engine/src/nodes/probe.ts', code: "import { x } from '../store/engine-state.store.js';" },
  { hole: 'runtime processes/ imports @crm/engine', file: 'runtime/src/processes/probe.ts', code: "import { createEngine } from '@crm/engine';" },
  { hole: 'runtime imports @crm/schemas and its own templates area', file: 'runtime/src/records/probe.ts', code: "import { validateApp } from '@crm/schemas';\nimport { x } from '../templates/template.installer.js';" },
  { hole: 'runtime uses pg', file: 'runtime/src/db/probe.ts', code: "import pg from 'pg';" },
  { hole: 'runtime imports records through its face', file: 'runtime/src/exchange/probe.ts', code: "import { createRecordService } from '../records/index.js';" },
  { hole: 'runtime writes audit entries through the AuditTrail', file: 'runtime/src/people/probe.ts', code: "import type { AuditTrail } from '../audit/audit-trail.service.js';\nimport type { AuditEntryInput } from '../audit/audit.log.js';" },
  { hole: 'records imports its own modules', file: 'runtime/src/records/probe.ts', code: "import { createRecordService } from './record.service.js';" },
  { hole: 'a test elsewhere uses the records test helpers', file: 'runtime/src/exchange/probe.integration.test.ts', code: "import { signInNewUser } from '../records/records.test-support.js';" },
  { hole: 'schemas imports its own modules and browser-safe libraries', file: 'schemas/src/probe.ts', code: "import { x } from './semantic/semantic.validator.js';\nimport Ajv from 'ajv';" },
  { hole: 'schemas generator scripts use Node', file: 'schemas/scripts/probe.ts', code: "import fs from 'node:fs';" },
  { hole: 'schemas tests use Node', file: 'schemas/src/probe.test.ts', code: "import fs from 'node:fs';" },
  { hole: 'templates import @crm/schemas and Node', file: 'templates/src/probe.ts', code: "import { validateTemplate } from '@crm/schemas';\nimport fs from 'node:fs';" },
];

describe('layer rules fire on each hole', () => {
  it.each(refused)('$hole ($file)', async ({ file, code }) => {
    expect(await ruleIdsFor(`${code}\nexport const probe = 1;\n`, file)).toContain(IMPORT_RULE);
  });
});

describe('legal imports pass', () => {
  it.each(allowed)('$hole ($file)', async ({ file, code }) => {
    const ids = await ruleIdsFor(`${code}\nexport const probe = 1;\n`, file);
    expect(ids.filter((id) => id !== '@typescript-eslint/no-unused-vars')).toEqual([]);
  });
});

describe('schemas stays browser-safe past its imports', () => {
  const schemasFile = 'schemas/src/field/probe.ts';

  it.each([
    { hole: 'a Node global', code: 'export const home = process.env.HOME;', rule: 'no-restricted-globals' },
    { hole: 'require', code: "export const fs = require('fs');", rule: 'no-restricted-globals' },
    { hole: 'a dynamic import of a builtin', code: "export const fs = () => import('node:fs');", rule: 'no-restricted-syntax' },
    { hole: 'a dynamic import of a builtin subpath, unprefixed', code: "export const fs = () => import('fs/promises');", rule: 'no-restricted-syntax' },
  ])('refuses $hole', async ({ code, rule }) => {
    expect(await ruleIdsFor(code, schemasFile)).toContain(rule);
  });

  it('lets through a library loaded on demand, a local named like a Node global, and Node in tests', async () => {
    expect(await ruleIdsFor("export const load = () => import('json-schema-to-typescript');", schemasFile)).toEqual([]);
    expect(await ruleIdsFor('export function name(process: { name: string }): string { return process.name; }', schemasFile)).toEqual([]);
    expect(await ruleIdsFor('export const home = process.env.HOME;', 'schemas/src/field/probe.test.ts')).toEqual([]);
  });
});

describe('max-lines', () => {
  const lines = (n: number): string => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

  it('refuses a .ts file of 401 lines, blank and comment lines counted', async () => {
    const code = lines(399) + '\n// a comment is a line too';
    expect(await ruleIdsFor(code, 'runtime/src/records/probe.ts')).toContain('max-lines');
  });

  it('lets a .ts file of 400 lines through', async () => {
    expect(await ruleIdsFor(lines(400), 'engine/src/probe.ts')).not.toContain('max-lines');
  });

  it('applies to tests as well', async () => {
    expect(await ruleIdsFor(lines(401), 'tests/probe.integration.test.ts')).toContain('max-lines');
  });
});
