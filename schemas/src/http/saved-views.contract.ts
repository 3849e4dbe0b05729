/*
 * /api/saved-views (runtime/src/saved-views; the workspace's lists read it): a saved list view
 * is what a person set on a list (columns, filter, sort, search text), kept under a name, for
 * themselves or shared with everyone who may read the entity.
 */

export interface SavedViewSortKey {
  field: string;
  dir: 'asc' | 'desc';
}

export interface SavedViewConfig {
  /** Field names in display order; empty: the entity's default columns. */
  columns: string[];
  /** A condition (condition language) or null for none. */
  filter: unknown;
  sort: SavedViewSortKey[];
  /** Full-text search text, or null. */
  q: string | null;
}

export interface SavedView extends SavedViewConfig {
  id: string;
  entity: string;
  name: string;
  shared: boolean;
  owner: { id: string; name: string };
  /** Whether the caller may change or delete it (its author, or an admin). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/saved-views; PATCH takes any of its members but the entity. */
export interface SavedViewDraft extends SavedViewConfig {
  entity: string;
  name: string;
  shared: boolean;
}
