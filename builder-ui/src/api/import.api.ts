import { apiRequest } from './http.client.js';
import type { DuplicatePolicy, ImportFieldsAnswer, ImportReport } from '@crm/schemas';

/*
 * /api/import/:entity (runtime/src/exchange/README.md): the fields a person may import into, and
 * the import itself, whose body is CSV text rather than JSON. The fields' and the report's
 * contracts are in @crm/schemas.
 */

export type { ImportFieldInfo, ImportFieldsAnswer } from '@crm/schemas';
export type { DuplicateOf, DuplicatePolicy, ImportReport, RowProblem, SkippedRow } from '@crm/schemas';

export function fetchImportFields(entity: string): Promise<ImportFieldsAnswer> {
  return apiRequest<ImportFieldsAnswer>('GET', `/api/import/${encodeURIComponent(entity)}/fields`);
}

/** Sends one CSV (a chunk of the file, header first) and answers the server's report of it. */
export function postImportCsv(entity: string, csv: string, options: { dryRun: boolean; duplicates: DuplicatePolicy }): Promise<ImportReport> {
  const query = new URLSearchParams({ duplicates: options.duplicates, delimiter: ',', ...(options.dryRun ? { dryRun: '1' } : {}) });
  return apiRequest<ImportReport>('POST', `/api/import/${encodeURIComponent(entity)}?${query.toString()}`, csv, { textType: 'text/csv; charset=utf-8' });
}
