import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANNER, generateDefinitionTypes } from './definition-types.generator.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const schemaDir = path.resolve(here, '../json');
const committedFile = path.resolve(here, '../generated/definition.types.ts');
const tsxBin = path.join(repoRoot, 'node_modules/.bin/tsx');
const genTypes = path.join(here, 'gen-types.ts');

async function genTypesCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsxBin, [genTypes, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const code = property(error, 'code');
    const stdout = property(error, 'stdout');
    const stderr = property(error, 'stderr');
    return { code: typeof code === 'number' ? code : -1, stdout: String(stdout ?? ''), stderr: String(stderr ?? '') };
  }
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

describe('gen-types', () => {
  let tempDir = '';
  beforeAll(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-types-'));
  });
  afterAll(() => {
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('generates the same bytes every time, under a do-not-edit banner, with every named type', async () => {
    // ACT
    const first = await generateDefinitionTypes(schemaDir);
    const second = await generateDefinitionTypes(schemaDir);

    // ASSERT
    expect(second).toBe(first);
    expect(first.startsWith(BANNER)).toBe(true);
    for (const name of ['App', 'Entity', 'TextField', 'FileField', 'Pipeline', 'Stage', 'Role', 'Process', 'ConditionNode', 'EndNode', 'Edge', 'View', 'Form', 'TemplateBundle', 'FieldCondition', 'LocalizedText']) {
      expect(first).toMatch(new RegExp(`export interface ${name} \\{`));
    }
    for (const name of ['Field', 'Trigger', 'Node', 'Condition', 'Scope', 'ConditionOperator']) {
      expect(first).toMatch(new RegExp(`export type ${name} =`));
    }
    expect(first).not.toMatch(/export type (Name|Condition|Duration)\d+ =/);
  });

  it('the committed file is what the schemas give', async () => {
    // ACT
    const fresh = await generateDefinitionTypes(schemaDir);

    // ASSERT
    expect(fs.readFileSync(committedFile, 'utf8')).toBe(fresh);
  });

  it('--check passes on a fresh generation and fails with a clear message when the file was altered', async () => {
    // ARRANGE
    const target = path.join(tempDir, 'definition.types.ts');
    const written = await genTypesCli('--out', target);

    // ACT
    const fresh = await genTypesCli('--check', '--out', target);
    fs.appendFileSync(target, '\nexport type Edited = true;\n');
    const altered = await genTypesCli('--check', '--out', target);

    // ASSERT
    expect(written.code).toBe(0);
    expect(fresh.code).toBe(0);
    expect(altered.code).toBe(1);
    expect(altered.stderr).toMatch(/out of date.*npm run gen:types/);
  }, 60_000);
});
