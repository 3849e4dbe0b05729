import { apiRequest } from './http.client.js';

/*
 * What the lists add to /api/records (records.api.ts reads and writes single records): bulk
 * actions, POST /api/records/:entity/bulk (runtime/src/records/records-bulk.routes.ts), and the
 * address of GET /api/export/:entity for the current view, which the browser downloads itself.
 */

export type BulkAction = 'assign_owner' | 'change_stage' | 'delete';

export type BulkResult =
  | { id: string; ok: true; version?: number }
  | { id: string; ok: false; code: string; field?: string; message: string; message_ru?: string };

export interface BulkResponse {
  action: BulkAction;
  results: BulkResult[];
  done: number;
  refused: number;
}

export function runBulkAction(entity: string, action: BulkAction, ids: readonly string[], value?: string): Promise<BulkResponse> {
  return apiRequest<BulkResponse>('POST', `/api/records/${encodeURIComponent(entity)}/bulk`, { action, ids, ...(value === undefined ? {} : { value }) });
}

export interface ExportQuery {
  fields: readonly string[];
  filter: unknown;
  sort: string;
  q: string;
  labels: 'ru' | 'en';
}

/** GET /api/export/:entity as CSV with labelled headers and a BOM (Excel reads UTF-8 then). */
export function exportUrl(entity: string, query: ExportQuery): string {
  const params = new URLSearchParams({ format: 'csv', labels: query.labels, bom: '1' });
  if (query.fields.length > 0) params.set('fields', query.fields.join(','));
  if (query.filter !== null && query.filter !== undefined) params.set('filter', JSON.stringify(query.filter));
  if (query.sort) params.set('sort', query.sort);
  if (query.q.trim()) params.set('q', query.q.trim());
  return `/api/export/${encodeURIComponent(entity)}?${params.toString()}`;
}
