import { recordTypesFor, type App } from '@crm/schemas';
import { beforeAll, describe, expect, it } from 'vitest';
import { createScriptTypeChecker, type ScriptTypeCheckRequest } from './script-type.checker.js';

const APP: App = {
  name: 'sandbox_test',
  entities: [
    { name: 'company', label: { en: 'Company' }, fields: [{ name: 'name', type: 'text', required: true }] },
    {
      name: 'deal',
      label: { en: 'Deal' },
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'amount', type: 'money', currency: 'RUB' },
        { name: 'company', type: 'relation', target: 'company', cardinality: 'many-to-one' },
      ],
    },
  ],
};

const API_DECLARATIONS = `
interface ScriptApi {
  getRecord<E extends keyof AppRecords>(entity: E, id: string): Promise<AppRecords[E] | null>;
  updateRecord<E extends keyof AppRecords>(entity: E, id: string, values: Partial<AppRecords[E]>): Promise<AppRecords[E]>;
}`;

describe('checkScriptTypes', () => {
  const checker = createScriptTypeChecker();
  let recordTypes = '';
  const request = (source: string, extra: Partial<ScriptTypeCheckRequest> = {}): ScriptTypeCheckRequest => ({
    source,
    recordTypes,
    recordTypeName: 'DealRecord',
    apiDeclarations: API_DECLARATIONS,
    ...extra,
  });

  beforeAll(async () => {
    recordTypes = await recordTypesFor(APP);
  });

  it('accepts a script that uses the record, the API, the user and console correctly', () => {
    // ARRANGE
    const source = [
      'const amount = record.amount ?? 0;',
      'if (record.company) {',
      '  const company = await api.getRecord("company", record.company);',
      '  console.log(company?.name.toUpperCase(), user.id, now);',
      '}',
      'await api.updateRecord("deal", record.id, { title: record.title.trim() });',
      'return { big: amount > 100000, node: steps["score"] };',
    ].join('\n');

    // ACT / ASSERT
    expect(checker.check(request(source))).toEqual([]);
  });

  it('reports type errors at their line and column in the script', () => {
    // ARRANGE
    const source = [
      'const doubled = record.amount * 2;',
      'const name = record.titel;',
      '  record.id = "forged";',
      'await api.updateRecord("deal", record.id, { amount: "many" });',
    ].join('\n');

    // ACT
    const diagnostics = checker.check(request(source));

    // ASSERT
    expect(diagnostics).toEqual([
      { line: 1, column: 17, message: "'record.amount' is possibly 'null'." },
      { line: 2, column: 21, message: "Property 'titel' does not exist on type 'DealRecord'. Did you mean 'title'?" },
      { line: 3, column: 10, message: "Cannot assign to 'id' because it is a read-only property." },
      { line: 4, column: 45, message: "Type 'string' is not assignable to type 'number'." },
    ]);
  });

  it('knows nothing of the host: process, require and timers are errors', () => {
    // ACT
    const diagnostics = checker.check(request('setTimeout(() => 1, 10);\nconst env = process.env;\nrequire("fs");'));

    // ASSERT
    expect(diagnostics.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 13 },
      { line: 3, column: 1 },
    ]);
    expect(diagnostics.map((d) => d.message.split('.')[0])).toEqual([
      "Cannot find name 'setTimeout'",
      "Cannot find name 'process'",
      "Cannot find name 'require'",
    ]);
  });

  it('reports only the syntax error when the script does not parse, also at its end', () => {
    // ACT
    const misplaced = checker.check(request('const a = 1;\nconst b = ;\nreturn a + b;'));
    const unfinished = checker.check(request('return record.'));

    // ASSERT
    expect(misplaced).toEqual([{ line: 2, column: 11, message: 'Expression expected.' }]);
    expect(unfinished).toEqual([{ line: 1, column: 15, message: 'Identifier expected.' }]);
  });

  it('reports TypeScript that cannot be stripped to JavaScript', () => {
    // ACT
    const diagnostics = checker.check(request('enum Stage { New }\nreturn Stage.New;'));

    // ASSERT
    expect(diagnostics).toEqual([
      { line: 1, column: 1, message: 'EnumDeclaration is TypeScript syntax that cannot run as JavaScript; use a plain object or function instead' },
    ]);
  });

  it('points a wrong record type name at the script parameters', () => {
    // ACT
    const diagnostics = checker.check(request('return 1;', { recordTypeName: 'InvoiceRecord' }));

    // ASSERT
    expect(diagnostics).toEqual([{ line: 1, column: 1, message: "in the script's parameters: Cannot find name 'InvoiceRecord'." }]);
  });

  it('checks JavaScript for syntax only', () => {
    // ACT
    const valid = checker.check(request('return record.titel * 2;', { language: 'javascript' }));
    const invalid = checker.check(request('return (record.title;', { language: 'javascript' }));

    // ASSERT
    expect(valid).toEqual([]);
    expect(invalid).toEqual([{ line: 1, column: 21, message: "')' expected." }]);
  });

  it('takes a trigger type and stays quick once warm', () => {
    // ARRANGE
    checker.check(request('return 1;'));
    const started = performance.now();

    // ACT
    const diagnostics = checker.check(request('return trigger.changed.includes(1);', { triggerType: '{ readonly changed: readonly string[] }' }));
    const elapsed = performance.now() - started;

    // ASSERT
    expect(diagnostics).toEqual([
      { line: 1, column: 33, message: "Argument of type 'number' is not assignable to parameter of type 'string'." },
    ]);
    expect(elapsed).toBeLessThan(1000);
  });
});
