import { ApiError, apiRequest } from './http.client.js';
import { fetchMe } from './session.api.js';
import type { ApiErrorBody } from '@crm/schemas';

/*
 * /api/import/:entity (runtime/src/exchange/README.md): the fields a person may import into, and
 * the import itself, whose body is CSV text rather than JSON, so it is sent here with fetch
 * directly (with the session's CSRF token, as apiRequest does). The shapes mirror
 * runtime/src/exchange/import-fields.reader.ts and import-report.builder.ts.
 */

export interface ImportFieldInfo {
  name: string;
  label: { en: string; ru: string };
  type: string;
  required: boolean;
  writable: boolean;
  unique: boolean;
  options?: Array<{ value: string; label: { en: string; ru: string } }>;
  target?: string;
  many?: boolean;
}

export interface ImportFieldsAnswer {
  entity: string;
  label: { en: string; ru: string };
  canCreate: boolean;
  canUpdate: boolean;
  fields: ImportFieldInfo[];
}

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

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'object' && value.error !== null && 'code' in value.error;
}

/** The session's CSRF token for the writes of one import (null with a bearer token). */
export async function importCsrfToken(): Promise<string | null> {
  return (await fetchMe())?.csrfToken ?? null;
}

/** Sends one CSV (a chunk of the file, header first) and answers the server's report of it. */
export async function postImportCsv(entity: string, csv: string, options: { dryRun: boolean; duplicates: DuplicatePolicy; csrfToken: string | null }): Promise<ImportReport> {
  const query = new URLSearchParams({ duplicates: options.duplicates, delimiter: ',', ...(options.dryRun ? { dryRun: '1' } : {}) });
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8' };
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/import/${encodeURIComponent(entity)}?${query.toString()}`, { method: 'POST', headers, credentials: 'same-origin', body: csv });
  } catch (cause: unknown) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error', []);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) {
      const details = Array.isArray(parsed.error.details) ? parsed.error.details : [];
      throw new ApiError(response.status, parsed.error.code, parsed.error.message, details);
    }
    throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText, []);
  }
  // The runtime's import report (runtime/src/exchange/import-report.builder.ts).
  return parsed as ImportReport;
}
