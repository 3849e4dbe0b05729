import type { HistoryItem, RecordData, RecordHistory, RecordPage, RunSummary, RunSummaryPage, WorkspaceDefinition } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/records: the records of every entity (ARCHITECTURE §2) and the index GET /api/records, the
 * part of the live definition the signed-in person may see (what the workspace renders forms,
 * lists and boards from; builders also read /api/definitions). The shapes are the contract types of
 * @crm/schemas (http/records.contract.ts, http/workspace-definition.contract.ts) the runtime's
 * handlers satisfy.
 */

export type { EntityAccessSummary, HistoryActor, HistoryItem, RecordData, RecordPage, WorkspaceDefinition } from '@crm/schemas';
/** A field's access for the caller (visible fields are read or write). */
export type { FieldAccess as FieldAccessLevel } from '@crm/schemas';

export interface ListRecordsQuery {
  q?: string;
  limit?: number;
  filter?: unknown;
  sort?: string;
  expand?: readonly string[];
  cursor?: string;
  /** Ask for `total` too (a count over every matching readable record). */
  count?: boolean;
}

function path(entity: string, id?: string): string {
  return `/api/records/${encodeURIComponent(entity)}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;
}

export function fetchWorkspaceDefinition(): Promise<WorkspaceDefinition> {
  return apiRequest<WorkspaceDefinition>('GET', '/api/records');
}

export function listRecords(entity: string, query: ListRecordsQuery = {}): Promise<RecordPage> {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.filter !== undefined) params.set('filter', JSON.stringify(query.filter));
  if (query.sort) params.set('sort', query.sort);
  if (query.expand && query.expand.length > 0) params.set('expand', query.expand.join(','));
  if (query.cursor) params.set('cursor', query.cursor);
  if (query.count) params.set('count', 'true');
  const search = params.toString();
  return apiRequest<RecordPage>('GET', `${path(entity)}${search ? `?${search}` : ''}`);
}

/** Records whose full text matches what the person typed, for pickers (20 at most). */
export async function searchRecords(entity: string, q: string): Promise<RecordData[]> {
  return (await listRecords(entity, { q: q.trim() === '' ? undefined : q.trim(), limit: 20 })).data;
}

export function getRecord(entity: string, id: string, expand: readonly string[] = []): Promise<RecordData> {
  const search = expand.length > 0 ? `?expand=${encodeURIComponent(expand.join(','))}` : '';
  return apiRequest<RecordData>('GET', `${path(entity, id)}${search}`);
}

export function createRecord(entity: string, values: Record<string, unknown>): Promise<RecordData> {
  return apiRequest<RecordData>('POST', path(entity), values);
}

/**
 * A partial update of the version the person last read, sent as If-Match (412 VERSION_CONFLICT when
 * someone saved since); `version` null overwrites whatever is stored.
 */
export function updateRecord(entity: string, id: string, changes: Record<string, unknown>, version: number | null): Promise<RecordData> {
  return apiRequest<RecordData>('PATCH', path(entity, id), changes, version === null ? {} : { headers: { 'if-match': String(version) } });
}

export function deleteRecord(entity: string, id: string): Promise<void> {
  return apiRequest<void>('DELETE', path(entity, id));
}

export async function fetchHistory(entity: string, id: string): Promise<HistoryItem[]> {
  return (await apiRequest<RecordHistory>('GET', `${path(entity, id)}/history`)).data;
}

/** A process run as GET /api/processes/:name/runs lists it. */
export type { RunSummary };

/** The runs of one process on one record that the caller may see, newest first. */
export async function listRecordRuns(process: string, recordId: string): Promise<RunSummary[]> {
  const query = new URLSearchParams({ recordId, limit: '20' });
  return (await apiRequest<RunSummaryPage>('GET', `/api/processes/${encodeURIComponent(process)}/runs?${query.toString()}`)).data;
}
