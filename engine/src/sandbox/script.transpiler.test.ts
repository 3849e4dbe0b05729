import { describe, expect, it } from 'vitest';
import { createScriptSandbox } from './script-sandbox.factory.js';
import { transpileScript } from './script.transpiler.js';

describe('transpileScript', () => {
  it('blanks out TypeScript syntax and keeps every line and column where it was', async () => {
    // ARRANGE
    const source = [
      'type Level = "low" | "high";',
      'interface Scored { score: number }',
      'const amount: number = (record.amount as number) ?? 0;',
      'const level = <T extends string>(value: T): T => value;',
      'const scored = { score: amount } satisfies Scored;',
      'const owner = record.owner!;',
      'return { level: level<Level>(amount > 100 ? "high" : "low"), scored, owner };',
    ].join('\n');

    // ACT
    const result = transpileScript(source, 'typescript');

    // ASSERT
    if (!result.ok) throw new Error('expected the script to transpile');
    const inputLines = source.split('\n');
    const outputLines = result.code.split('\n');
    expect(outputLines).toHaveLength(inputLines.length);
    expect(result.code).not.toMatch(/: number|as number|interface|satisfies|<Level>|<T extends|!;/);
    for (const word of ['amount', 'level', 'scored', 'owner', 'return']) {
      const line = inputLines.findIndex((text) => text.includes(word));
      expect(outputLines[line]?.indexOf(word)).toBe(inputLines[line]?.indexOf(word));
    }
    const sandbox = createScriptSandbox();
    const run = await sandbox.run({ source: result.code, input: { record: { amount: 150, owner: 'u1' } } });
    await sandbox.dispose();
    expect(run).toMatchObject({ ok: true, output: { level: 'high', scored: { score: 150 }, owner: 'u1' } });
  });

  it('passes JavaScript through unchanged', () => {
    // ACT
    const result = transpileScript('const a = 1;\nreturn a;', 'javascript');

    // ASSERT
    expect(result).toEqual({ ok: true, code: 'const a = 1;\nreturn a;' });
  });

  it('refuses syntax that would need generated JavaScript, with its position', () => {
    // ACT
    const result = transpileScript('const a = 1;\n  enum Stage { New, Won }\nnamespace N { export const x = 1; }\nreturn a;', 'typescript');

    // ASSERT
    expect(result).toEqual({
      ok: false,
      diagnostics: [
        { line: 2, column: 3, message: 'EnumDeclaration is TypeScript syntax that cannot run as JavaScript; use a plain object or function instead' },
        { line: 3, column: 1, message: 'ModuleDeclaration is TypeScript syntax that cannot run as JavaScript; use a plain object or function instead' },
      ],
    });
  });
});
