import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { emptySummary } from './import-chunks.mapping.js';
import { reportCsv, rowVerdicts } from './import-report.mapping.js';

describe('import report', () => {
  const summary = {
    ...emptySummary(),
    rejected: [
      { row: 3, field: 'amount', code: 'INVALID_TYPE', message: 'not a number', message_ru: 'не число' },
      { row: 3, field: 'title', code: 'REQUIRED', message: 'required', message_ru: 'обязательно' },
    ],
    skippedRows: [{ row: 4, field: 'email', duplicateOf: { row: 2 } }],
    warnings: [{ row: 5, field: 'company', code: 'EMPTY_RELATION', message: 'empty', message_ru: 'пусто' }],
  };
  const duplicate = (of: { row?: number; id?: string }): string => (of.row ? `повтор строки ${of.row}` : `повтор записи ${of.id ?? ''}`);

  it('gives every row of the file its status and every reason, in the UI language', () => {
    const verdicts = rowVerdicts(summary, 4, 'ru', duplicate);
    expect(verdicts.map((v) => [v.row, v.status])).toEqual([
      [2, 'accepted'],
      [3, 'rejected'],
      [4, 'skipped'],
      [5, 'warning'],
    ]);
    expect(verdicts[1]?.reasons.map((r) => r.message)).toEqual(['не число', 'обязательно']);
    expect(verdicts[2]?.reasons[0]?.message).toBe('повтор строки 2');
  });

  it('writes one CSV line per reason, with a BOM for Excel', () => {
    const csv = reportCsv(rowVerdicts(summary, 4, 'en', duplicate), { row: 'Row', status: 'Status', field: 'Field', code: 'Code', message: 'Reason' }, (s) => s);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = Papa.parse<string[]>(csv.slice(1)).data;
    expect(lines[0]).toEqual(['Row', 'Status', 'Field', 'Code', 'Reason']);
    expect(lines.slice(1).map((l) => [l[0], l[1], l[3]])).toEqual([
      ['2', 'accepted', ''],
      ['3', 'rejected', 'INVALID_TYPE'],
      ['3', 'rejected', 'REQUIRED'],
      ['4', 'skipped', 'DUPLICATE'],
      ['5', 'warning', 'EMPTY_RELATION'],
    ]);
  });
});
