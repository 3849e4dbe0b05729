import { apiRequest } from './http.client.js';
import type { ImportFieldsAnswer } from '@crm/schemas';

/*
 * /api/import/:entity (runtime/src/exchange/README.md): the fields a person may import into, and
 * the import itself, whose body is CSV text rather than JSON. The fields' contract is in
 * @crm/schemas; the report's shape mirrors runtime/src/exchange/import-report.builder.ts.
 */

export type { ImportFieldInfo, ImportFieldsAnswer } from '@crm/schemas';

export interface RowProblem {
  row: number;
  field: string | null;
  code: string;
  message: string;
  message_ru: string;
}

export type DuplicateOf = { id: string } | { row: number };

export interface ImportReport {
  rows: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejectedRows: number;
  rejected: RowProblem[];
  skippedRows: Array<{ row: number; field: string; duplicateOf: DuplicateOf }>;
  warnings?: RowProblem[];
  truncated: boolean;
}

export type DuplicatePolicy = 'skip' | 'error' | 'update';

export function fetchImportFields(entity: string): Promise<ImportFieldsAnswer> {
  return apiRequest<ImportFieldsAnswer>('GET', `/api/import/${encodeURIComponent(entity)}/fields`);
}

/** Sends one CSV (a chunk of the file, header first) and answers the server's report of it. */
export function postImportCsv(entity: string, csv: string, options: { dryRun: boolean; duplicates: DuplicatePolicy }): Promise<ImportReport> {
  const query = new URLSearchParams({ duplicates: options.duplicates, delimiter: ',', ...(options.dryRun ? { dryRun: '1' } : {}) });
  return apiRequest<ImportReport>('POST', `/api/import/${encodeURIComponent(entity)}?${query.toString()}`, csv, { textType: 'text/csv; charset=utf-8' });
}
