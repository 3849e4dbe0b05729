import Papa from 'papaparse';
import type { DuplicateOf, ImportFieldInfo, ImportReport, RowProblem } from '../api/import.api.js';
import type { ColumnMapping } from './import-columns.mapping.js';
import { sentValue, type Person, type ValueMaps } from './import-values.mapping.js';

/*
 * A parsed file as the requests the import sends: chunks of CHUNK_ROWS rows, each a CSV whose
 * header is the mapped field names (so the server needs no mapping) and whose cells carry the
 * mapped values. The server numbers a chunk's rows by the line they end on; each chunk remembers
 * which row of the file each line is, and the reports of all chunks are merged into one whose
 * rows are the file's (header = 1, the first data row = 2, as a spreadsheet shows them).
 */

export const CHUNK_ROWS = 500;

export interface ImportChunk {
  csv: string;
  /** Line of the chunk (as the server counts, header = 1) -> row of the file. */
  lines: Map<number, number>;
  rows: number;
}

export interface ImportSummary {
  rows: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejectedRows: number;
  rejected: RowProblem[];
  skippedRows: Array<{ row: number; field: string; duplicateOf: DuplicateOf }>;
  warnings: RowProblem[];
  truncated: boolean;
}

export function emptySummary(): ImportSummary {
  return { rows: 0, accepted: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, rejectedRows: 0, rejected: [], skippedRows: [], warnings: [], truncated: false };
}

function lineCount(cells: readonly string[]): number {
  return 1 + cells.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
}

export function buildChunks(
  rows: readonly string[][],
  mapping: ColumnMapping,
  fields: readonly ImportFieldInfo[],
  people: readonly Person[],
  maps: ValueMaps,
  size = CHUNK_ROWS,
): ImportChunk[] {
  const columns = mapping.flatMap((name, index) => (name === null ? [] : [{ index, name, field: fields.find((f) => f.name === name) }]));
  const header = columns.map((c) => c.name);
  const chunks: ImportChunk[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const slice = rows.slice(start, start + size);
    const data = slice.map((row) => columns.map((c) => sentValue(c.field, row[c.index] ?? '', people, maps)));
    const lines = new Map<number, number>();
    let line = lineCount(header);
    data.forEach((cells, offset) => {
      line += lineCount(cells);
      lines.set(line, start + offset + 2);
    });
    chunks.push({ csv: Papa.unparse({ fields: header, data }, { newline: '\n' }), lines, rows: slice.length });
  }
  return chunks;
}

function fileRow(chunk: ImportChunk, row: number): number {
  return chunk.lines.get(row) ?? row;
}

/** Adds one chunk's report to the summary, its rows renumbered as the file's. */
export function mergeReport(summary: ImportSummary, chunk: ImportChunk, report: ImportReport): ImportSummary {
  const renumber = (p: RowProblem): RowProblem => ({ ...p, row: fileRow(chunk, p.row) });
  return {
    rows: summary.rows + report.rows,
    accepted: summary.accepted + report.accepted,
    created: summary.created + report.created,
    updated: summary.updated + report.updated,
    unchanged: summary.unchanged + report.unchanged,
    skipped: summary.skipped + report.skipped,
    rejectedRows: summary.rejectedRows + report.rejectedRows,
    rejected: [...summary.rejected, ...report.rejected.map(renumber)],
    skippedRows: [
      ...summary.skippedRows,
      ...report.skippedRows.map((s) => ({ ...s, row: fileRow(chunk, s.row), duplicateOf: 'row' in s.duplicateOf ? { row: fileRow(chunk, s.duplicateOf.row) } : s.duplicateOf })),
    ],
    warnings: [...summary.warnings, ...(report.warnings ?? []).map(renumber)],
    truncated: summary.truncated || report.truncated,
  };
}
