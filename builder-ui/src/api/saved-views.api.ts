import type { SavedView, SavedViewDraft } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/* /api/saved-views: a person's saved list views, their own and the shared ones of an entity (contract: @crm/schemas). */

export type { SavedView, SavedViewConfig, SavedViewDraft, SavedViewSortKey } from '@crm/schemas';

export async function fetchSavedViews(entity: string): Promise<SavedView[]> {
  return (await apiRequest<{ data: SavedView[] }>('GET', `/api/saved-views?entity=${encodeURIComponent(entity)}`)).data;
}

export function createSavedView(draft: SavedViewDraft): Promise<SavedView> {
  return apiRequest<SavedView>('POST', '/api/saved-views', draft);
}

export function updateSavedView(id: string, change: Partial<Omit<SavedViewDraft, 'entity'>>): Promise<SavedView> {
  return apiRequest<SavedView>('PATCH', `/api/saved-views/${encodeURIComponent(id)}`, change);
}

export function deleteSavedView(id: string): Promise<void> {
  return apiRequest<void>('DELETE', `/api/saved-views/${encodeURIComponent(id)}`);
}
