import { apiRequest } from './http.client.js';

/*
 * /api/saved-views: a person's saved list views, their own and the shared ones of an entity. The
 * shapes follow runtime/src/saved-views/saved-view.types.ts; declared here because only the
 * workspace's lists read them.
 */

export interface SavedViewSortKey {
  field: string;
  dir: 'asc' | 'desc';
}

export interface SavedViewConfig {
  columns: string[];
  filter: unknown;
  sort: SavedViewSortKey[];
  q: string | null;
}

export interface SavedView extends SavedViewConfig {
  id: string;
  entity: string;
  name: string;
  shared: boolean;
  owner: { id: string; name: string };
  /** Whether the caller may change or delete it (its author or an admin). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SavedViewDraft extends SavedViewConfig {
  entity: string;
  name: string;
  shared: boolean;
}

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
