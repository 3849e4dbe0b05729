import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { ImportFieldInfo, ImportReport } from '../api/import.api.js';
import { buildChunks, emptySummary, mergeReport } from './import-chunks.mapping.js';

const STAGE: ImportFieldInfo = {
  name: 'stage',
  label: { ru: 'Этап', en: 'Stage' },
  type: 'enum',
  required: false,
  writable: true,
  unique: false,
  options: [{ value: 'lead', label: { ru: 'Лид', en: 'Lead' } }],
};

function report(partial: Partial<ImportReport>): ImportReport {
  return { entity: 'deal', mode: 'create', duplicates: 'error', match: [], dryRun: false, columns: [], warnings: [], rows: 0, accepted: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, rejectedRows: 0, rejected: [], skippedRows: [], truncated: false, ...partial };
}

describe('import chunks', () => {
  const rows = [
    ['Сделка 1', 'Переговоры', 'x'],
    ['Сделка\nв две строки', 'Лид', 'y'],
    ['Сделка 3', 'lead', 'z'],
  ];

  it('sends mapped columns under field names, with mapped values, in chunks', () => {
    const chunks = buildChunks(rows, ['title', 'stage', null], [STAGE], [], { stage: { Переговоры: 'lead' } }, 2);
    expect(chunks).toHaveLength(2);
    const first = Papa.parse<string[]>(chunks[0]?.csv ?? '').data;
    expect(first).toEqual([
      ['title', 'stage'],
      ['Сделка 1', 'lead'],
      ['Сделка\nв две строки', 'lead'],
    ]);
    expect(chunks[1]?.rows).toBe(1);
  });

  it('numbers the server’s lines back as rows of the file, across chunks and cells spanning lines', () => {
    const chunks = buildChunks(rows, ['title', 'stage', null], [STAGE], [], {}, 2);
    const [first, second] = chunks;
    if (!first || !second) throw new Error('two chunks expected');
    expect([...first.lines.entries()]).toEqual([
      [2, 2],
      [4, 3],
    ]);
    let summary = mergeReport(emptySummary(), first, report({ rows: 2, accepted: 1, created: 1, rejectedRows: 1, rejected: [{ row: 4, field: 'title', code: 'X', message: 'm', message_ru: 'м' }] }));
    summary = mergeReport(summary, second, report({ rows: 1, skipped: 1, skippedRows: [{ row: 2, field: 'title', duplicateOf: { id: 'r1' } }], warnings: [{ row: 2, field: 'company', code: 'EMPTY_RELATION', message: 'w', message_ru: 'в' }] }));
    expect(summary).toMatchObject({ rows: 3, accepted: 1, created: 1, skipped: 1, rejectedRows: 1 });
    expect(summary.rejected[0]?.row).toBe(3);
    expect(summary.skippedRows[0]).toEqual({ row: 4, field: 'title', duplicateOf: { id: 'r1' } });
    expect(summary.warnings[0]?.row).toBe(4);
  });
});
