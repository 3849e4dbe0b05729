import type { RecordData } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * POST /api/records/:entity/merge (runtime/src/duplicates/record-merge.routes.ts): the survivor
 * takes the chosen values and everything that pointed at the merged records; the merged records
 * are deleted. Refusals come back as ApiError: 403 MERGE_NOT_ALLOWED, 412 VERSION_CONFLICT,
 * 422 MERGE_INVALID, 400 for a value that does not validate (details name the field).
 */

export interface MergeBody {
  survivor: string;
  merged: string[];
  values?: Record<string, unknown>;
  /** Record id -> the version the person saw. */
  versions?: Record<string, number>;
}

export interface MergeAnswer {
  survivor: RecordData;
  merged: string[];
  /** What now points at the survivor: referring records per "entity.field", link rows, system rows per table. */
  moved: { references: Record<string, number>; links: Record<string, number>; system: Record<string, number> };
}

export function mergeRecords(entity: string, body: MergeBody): Promise<MergeAnswer> {
  return apiRequest<MergeAnswer>('POST', `/api/records/${encodeURIComponent(entity)}/merge`, body);
}
