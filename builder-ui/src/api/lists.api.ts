import type { BulkAction, BulkMatch, BulkRequestBody, BulkResponse } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * What the lists add to /api/records (records.api.ts reads and writes single records): bulk
 * actions, POST /api/records/:entity/bulk (runtime/src/records/records-bulk.routes.ts), and the
 * address of GET /api/export/:entity for the current view, which the browser downloads itself.
 */

export type { BulkAction, BulkMatch, BulkResponse, BulkResult } from '@crm/schemas';

/** The records by the ids ticked, or every readable record matching the list's filter and search. */
export type BulkTarget = { ids: readonly string[] } | { match: BulkMatch };

export function runBulkAction(entity: string, action: BulkAction, target: BulkTarget, value?: string): Promise<BulkResponse> {
  const body: BulkRequestBody = { action, ...('ids' in target ? { ids: [...target.ids] } : { match: target.match }), ...(value === undefined ? {} : { value }) };
  return apiRequest<BulkResponse>('POST', `/api/records/${encodeURIComponent(entity)}/bulk`, body);
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
