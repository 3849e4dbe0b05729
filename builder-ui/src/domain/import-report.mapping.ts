import Papa from 'papaparse';
import type { RowProblem } from '../api/import.api.js';
import type { ImportSummary } from './import-chunks.mapping.js';

/*
 * What the wizard shows and hands out about an import (or its dry run): each row of the file with
 * what became of it and every reason, as preview lines and as a downloadable CSV report.
 */

export type RowStatus = 'accepted' | 'warning' | 'skipped' | 'rejected';

export interface RowVerdict {
  row: number;
  status: RowStatus;
  reasons: Array<{ field: string | null; code: string; message: string }>;
}

export type Lang = 'ru' | 'en';

function messageIn(problem: RowProblem, lang: Lang): string {
  return lang === 'ru' ? problem.message_ru || problem.message : problem.message;
}

/** Per row of the file (2 .. rowCount + 1), its status and reasons. */
export function rowVerdicts(summary: ImportSummary, rowCount: number, lang: Lang, duplicateText: (of: { row?: number; id?: string }) => string): RowVerdict[] {
  const verdicts = new Map<number, RowVerdict>();
  for (let row = 2; row < rowCount + 2; row += 1) verdicts.set(row, { row, status: 'accepted', reasons: [] });
  const verdict = (row: number): RowVerdict => {
    const found = verdicts.get(row) ?? { row, status: 'accepted', reasons: [] };
    verdicts.set(row, found);
    return found;
  };
  for (const warning of summary.warnings) {
    const v = verdict(warning.row);
    v.status = 'warning';
    v.reasons.push({ field: warning.field, code: warning.code, message: messageIn(warning, lang) });
  }
  for (const skipped of summary.skippedRows) {
    const v = verdict(skipped.row);
    v.status = 'skipped';
    v.reasons = [{ field: skipped.field, code: 'DUPLICATE', message: duplicateText(skipped.duplicateOf) }];
  }
  for (const problem of summary.rejected) {
    const v = verdict(problem.row);
    if (v.status !== 'rejected') v.reasons = [];
    v.status = 'rejected';
    v.reasons.push({ field: problem.field, code: problem.code, message: messageIn(problem, lang) });
  }
  return [...verdicts.values()].sort((a, b) => a.row - b.row);
}

/** The report as CSV: one line per reason (one for a row without any), UTF-8 with a BOM for Excel. */
export function reportCsv(verdicts: readonly RowVerdict[], headings: { row: string; status: string; field: string; code: string; message: string }, statusText: (s: RowStatus) => string): string {
  const data: string[][] = [];
  for (const v of verdicts) {
    if (v.reasons.length === 0) data.push([String(v.row), statusText(v.status), '', '', '']);
    for (const reason of v.reasons) data.push([String(v.row), statusText(v.status), reason.field ?? '', reason.code, reason.message]);
  }
  return `\uFEFF${Papa.unparse({ fields: [headings.row, headings.status, headings.field, headings.code, headings.message], data }, { newline: '\r\n' })}`;
}
