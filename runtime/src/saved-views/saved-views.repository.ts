import type { Knex } from 'knex';
import type { SavedView, SavedViewConfig } from '@crm/schemas';

/*
 * The saved_views table: the views of one entity a person may see (their own and shared ones),
 * one by id, and writes. Who may change what is decided by the routes, not here.
 */

export interface SavedViewRow {
  id: string;
  entity: string;
  name: string;
  ownerId: string;
  ownerName: string;
  shared: boolean;
  config: SavedViewConfig;
  createdAt: string;
  updatedAt: string;
}

const EMPTY_CONFIG: SavedViewConfig = { columns: [], filter: null, sort: [], q: null };

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function configOf(value: unknown): SavedViewConfig {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof raw !== 'object' || raw === null) return EMPTY_CONFIG;
  const get = (key: string): unknown => (key in raw ? Reflect.get(raw, key) : undefined);
  const columns = get('columns');
  const sort = get('sort');
  const q = get('q');
  return {
    columns: Array.isArray(columns) ? columns.filter((c): c is string => typeof c === 'string') : [],
    filter: get('filter') ?? null,
    sort: Array.isArray(sort) ? sort.filter((k): k is SavedViewConfig['sort'][number] => typeof k === 'object' && k !== null && 'field' in k) : [],
    q: typeof q === 'string' ? q : null,
  };
}

function toRow(r: Record<string, unknown>): SavedViewRow {
  return {
    id: String(r['id']),
    entity: String(r['entity']),
    name: String(r['name']),
    ownerId: String(r['owner_id']),
    ownerName: String(r['owner_name'] ?? ''),
    shared: r['shared'] === true,
    config: configOf(r['config']),
    createdAt: iso(r['created_at']),
    updatedAt: iso(r['updated_at']),
  };
}

export function toSavedView(row: SavedViewRow, editable: boolean): SavedView {
  return {
    id: row.id,
    entity: row.entity,
    name: row.name,
    shared: row.shared,
    owner: { id: row.ownerId, name: row.ownerName },
    editable,
    ...row.config,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function selectViews(knex: Knex): Knex.QueryBuilder {
  return knex('saved_views as v')
    .leftJoin('users as u', 'u.id', 'v.owner_id')
    .select('v.id', 'v.entity', 'v.name', 'v.owner_id', 'u.name as owner_name', 'v.shared', 'v.config', 'v.created_at', 'v.updated_at');
}

/** The person's own views of the entity and everyone's shared ones: own first, then by name. */
export async function listSavedViews(knex: Knex, entity: string, userId: string): Promise<SavedViewRow[]> {
  const rows: Array<Record<string, unknown>> = await selectViews(knex)
    .where('v.entity', entity)
    .andWhere((w) => w.where('v.owner_id', userId).orWhere('v.shared', true))
    .orderByRaw('(v.owner_id = ?) desc, lower(v.name) asc, v.created_at asc', [userId]);
  return rows.map(toRow);
}

export async function findSavedView(knex: Knex, id: string): Promise<SavedViewRow | null> {
  const row: Record<string, unknown> | undefined = await selectViews(knex).where('v.id', id).first();
  return row ? toRow(row) : null;
}

export async function insertSavedView(knex: Knex, view: { entity: string; name: string; ownerId: string; shared: boolean; config: SavedViewConfig }): Promise<string> {
  const [row]: Array<{ id: string }> = await knex('saved_views')
    .insert({ entity: view.entity, name: view.name, owner_id: view.ownerId, shared: view.shared, config: JSON.stringify(view.config) })
    .returning('id');
  if (!row) throw new Error('inserting a saved view returned no row');
  return String(row.id);
}

export async function updateSavedView(knex: Knex, id: string, change: { name?: string; shared?: boolean; config?: SavedViewConfig }): Promise<void> {
  const patch: Record<string, unknown> = { updated_at: knex.fn.now() };
  if (change.name !== undefined) patch['name'] = change.name;
  if (change.shared !== undefined) patch['shared'] = change.shared;
  if (change.config !== undefined) patch['config'] = JSON.stringify(change.config);
  await knex('saved_views').where({ id }).update(patch);
}

export async function deleteSavedView(knex: Knex, id: string): Promise<void> {
  await knex('saved_views').where({ id }).delete();
}
