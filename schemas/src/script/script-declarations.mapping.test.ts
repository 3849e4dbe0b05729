import { describe, expect, it } from 'vitest';
import type { App, Process } from '../../generated/definition.types.js';
import { apiDeclarationsFor, recordDeclarationsFor, scriptDeclarationsFor, scriptHeader, wrapScriptSource } from './script-declarations.mapping.js';

/* The declarations a script is typed with, shared by the publish checker and the builder's editor. */

const PROCESS: Process = {
  name: 'scored',
  trigger: { type: 'record', entity: 'deal', on: ['create'] },
  nodes: [
    { id: 'fetch', type: 'http', config: { url: 'https://example.com' } },
    { id: 'calc', type: 'script', config: { language: 'typescript', source: 'return 1;' } },
  ],
  edges: [
    { from: 'trigger', to: 'fetch' },
    { from: 'fetch', to: 'calc' },
  ],
};

const APP: App = {
  name: 'typed',
  entities: [
    {
      name: 'deal',
      label: { en: 'Deal' },
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'amount', type: 'number', label: { en: 'Amount', ru: 'Сумма' } },
        { name: 'doubled', type: 'formula', expression: 'amount * 2', resultType: 'number' },
      ],
    },
    { name: 'sales_order', label: { en: 'Sales order' }, fields: [{ name: 'total', type: 'number' }] },
  ],
  processes: [PROCESS],
};

describe('script declarations', () => {
  it('declares one record interface per entity, system fields and formulas read-only', () => {
    const types = recordDeclarationsFor(APP);
    expect(types).toContain('interface DealRecord {');
    expect(types).toContain('  readonly id: string;');
    expect(types).toMatch(/\n {2}title: string;/);
    expect(types).toMatch(/\n {2}amount: .*number.*null|\n {2}amount: .*null.*number/);
    expect(types).toMatch(/\n {2}readonly doubled: /);
    expect(types).toContain('interface SalesOrderRecord {');
    expect(types).not.toContain('/** Amount */');
    expect(recordDeclarationsFor(APP, 'ru')).toContain('  /** Сумма */\n  amount: ');
    expect(recordDeclarationsFor(APP, 'en')).toContain('  /** Amount */\n  amount: ');
    expect(types).toContain('interface AppRecords {\n  deal: DealRecord;\n  sales_order: SalesOrderRecord;\n}');
  });

  it('types the api per entity', () => {
    const api = apiDeclarationsFor(APP);
    expect(api).toContain('getRecord(entity: "deal", id: string): Promise<DealRecord | null>;');
    expect(api).toContain('updateRecord(entity: "sales_order", id: string, values: Partial<SalesOrderRecord>): Promise<SalesOrderRecord>;');
  });

  it('declares api.lock once, whatever the entities', () => {
    const api = apiDeclarationsFor(APP);
    expect(api.split('lock(').length - 1).toBe(1);
    expect(api).toContain('  lock(...key: Array<string | number | boolean | null>): Promise<void>;\n}');
  });

  it('types record from the trigger entity and steps from the earlier steps', () => {
    const declarations = scriptDeclarationsFor(APP, PROCESS, 'calc');
    expect(declarations.recordTypeName).toBe('DealRecord');
    expect(declarations.stepsType).toMatch(/^ScriptSteps & \{ readonly "fetch": \{.*readonly status: number;/);
    expect(scriptDeclarationsFor(APP, PROCESS, 'fetch').stepsType).toBe('ScriptSteps');
    const webhook: Process = { ...PROCESS, trigger: { type: 'webhook', name: 'in' } };
    expect(scriptDeclarationsFor(APP, webhook, 'calc').recordTypeName).toBe('null');
  });

  it('wraps the script after a one-line header, the body unchanged', () => {
    const source = 'const a = record.amount;\nreturn a;';
    const { text, bodyOffset } = wrapScriptSource(source, { recordTypeName: 'DealRecord' }, 'typescript');
    expect(text.split('\n')[0]).toBe('async function __script(record: DealRecord, trigger: ScriptTrigger, steps: ScriptSteps, user: ScriptUser, now: string, api: ScriptApi, console: ScriptConsole) {');
    expect(text.split('\n')[2]).toBe('return a;');
    expect(text.slice(bodyOffset, bodyOffset + source.length)).toBe(source);
  });

  it('gives JavaScript the same types as JSDoc on one line', () => {
    const header = scriptHeader({ recordTypeName: 'DealRecord' }, 'javascript');
    expect(header.indexOf('\n')).toBe(header.length - 1);
    expect(header).toContain('@param {DealRecord} record');
    expect(header).toContain('async function __script(record, trigger, steps, user, now, api, console) {');
  });
});
