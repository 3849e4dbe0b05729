import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fullApp } from '../testing/full-app.fixture.js';
import { recordTypeName, recordTypesFor } from './record-types.generator.js';

describe('recordTypesFor', () => {
  it('names record types after entities', () => {
    // ACT / ASSERT
    expect(recordTypeName('deal')).toBe('DealRecord');
    expect(recordTypeName('sales_order')).toBe('SalesOrderRecord');
  });

  it('emits one interface per entity with read-only system and formula fields and typed values', async () => {
    // ARRANGE
    const app = fullApp();

    // ACT
    const source = await recordTypesFor(app);

    // ASSERT
    expect(source).toContain('export interface AppRecords {\n  company: CompanyRecord;\n  contact: ContactRecord;\n  deal: DealRecord;\n}');
    const deal = /export interface DealRecord \{[\s\S]*?\n\}/.exec(source)?.[0] ?? '';
    expect(deal).toContain('  readonly id: string;');
    expect(deal).toContain('  readonly version: number;');
    expect(deal).toContain('  readonly deleted_at: string | null;');
    expect(deal).toContain('  owner: string | null;');
    expect(deal).toContain('  title: string;');
    expect(deal).toContain('  amount: number | null;');
    expect(deal).toContain("  stage: 'new' | 'qualified' | 'won' | 'lost';");
    expect(deal).toContain("  tags: ('vip' | 'urgent')[] | null;");
    expect(deal).toContain('  contacts: string[] | null;');
    expect(deal).toContain('  readonly weighted_amount: number | null;');
    expect(deal).toContain('  is_priority: boolean | null;');
    expect(/export interface CompanyRecord \{[\s\S]*?\n\}/.exec(source)?.[0]).not.toContain('deals');
  });

  it('gives the same source for the same app', async () => {
    // ACT / ASSERT
    expect(await recordTypesFor(fullApp())).toBe(await recordTypesFor(fullApp()));
  });

  it('compiles under strict TypeScript', async () => {
    // ARRANGE
    const source = await recordTypesFor(fullApp());
    const fileName = 'records.ts';
    const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, noUncheckedIndexedAccess: true, types: [] };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (name === fileName ? source : readFile(name));
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version) => (name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version));
    host.fileExists = ((exists) => (name: string) => name === fileName || exists(name))(host.fileExists.bind(host));

    // ACT
    const program = ts.createProgram([fileName], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));

    // ASSERT
    expect(diagnostics).toEqual([]);
  });
});
