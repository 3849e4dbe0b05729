import type { RecordPage } from './records.api.js';
import { apiRequest } from './http.client.js';

/** Global search: the first few records of one entity whose full text matches (GET /api/records/:entity?q=). */
export async function searchEntity(entity: string, q: string, limit = 5): Promise<RecordPage['data']> {
  const params = new URLSearchParams({ q, limit: String(limit) });
  return (await apiRequest<RecordPage>('GET', `/api/records/${encodeURIComponent(entity)}?${params.toString()}`)).data;
}
