/*
 * A saved list view as /api/saved-views answers it (the contract the workspace's lists use):
 * what a person set on a list (columns, filter, sort, search text), kept under a name, for
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
