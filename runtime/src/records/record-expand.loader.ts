import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { BadRequestError, type AppError } from '../errors/index.js';
import { hideFieldsInPlace } from './record-access.guard.js';
import { findEntityModel, type RecordEntityModel } from './record-entity.model.js';
import { findLiveRecords, findLiveRecordsWhereIn } from './record.repository.js';
import type { RecordValues } from './record.types.js';

/*
 * `expand` replaces reference ids in listed records by what they point at: a many-to-one relation
 * by the target record (null if it was deleted), a user field (and owner, created_by, updated_by)
 * by {id, name, email}, a one-to-many or many-to-many relation by the list of target records that
 * are not deleted. Paths go two levels deep (`company.owner`). One query per field and level, never
 * one per record.
 *
 * The target's own permissions apply at every level: a field hidden from the caller cannot be named
 * in a path (reported like a field that does not exist), target records outside the caller's read
 * scope are not loaded (a many-to-one becomes null, lists leave them out), and fields of the target
 * hidden from the caller are removed.
 */

export const MAX_EXPAND_DEPTH = 2;

type ExpandKind = 'user' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface ExpandNode {
  field: string;
  kind: ExpandKind;
  /** The entity of the records the field leads to (not for users). */
  target: RecordEntityModel | null;
  /** one-to-many: the many-to-one field on the target pointing back. */
  inverse: string | null;
  children: ExpandNode[];
}

const USER_SYSTEM_FIELDS = new Set(['owner', 'created_by', 'updated_by']);

function notExpandable(path: string, reason: string): AppError {
  const message = `Cannot expand "${path}": ${reason}.`;
  return BadRequestError.create(message, [{ field: 'expand', code: 'INVALID_EXPAND', message, message_ru: `Нельзя раскрыть «${path}».` }]);
}

function nodeFor(model: RecordEntityModel, name: string, path: string, policy: AccessPolicy): ExpandNode {
  if (USER_SYSTEM_FIELDS.has(name)) return { field: name, kind: 'user', target: null, inverse: null, children: [] };
  const field = policy.entity(model.name).isFieldVisible(name) ? model.field(name) : undefined;
  if (!field) throw notExpandable(path, `${model.name} has no field "${name}"`);
  if (field.type === 'user') return { field: name, kind: 'user', target: null, inverse: null, children: [] };
  if (field.type !== 'relation') throw notExpandable(path, `"${name}" is not a relation or user field`);
  const target = findEntityModel(model.app, field.target);
  if (!target) throw notExpandable(path, `the entity "${field.target}" does not exist`);
  const cardinality = field.cardinality ?? 'many-to-one';
  if (cardinality === 'one-to-many') {
    if (field.inverse === undefined) throw notExpandable(path, `"${name}" names no inverse field`);
    return { field: name, kind: cardinality, target, inverse: field.inverse, children: [] };
  }
  return { field: name, kind: cardinality, target, inverse: null, children: [] };
}

/** The expand paths as a tree of fields to load, checked against the entity; 400 naming a bad path. */
export function planExpand(model: RecordEntityModel, paths: readonly string[], policy: AccessPolicy): ExpandNode[] {
  const roots: ExpandNode[] = [];
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > MAX_EXPAND_DEPTH) throw notExpandable(path, `at most ${MAX_EXPAND_DEPTH} levels can be expanded`);
    let level = roots;
    let current: RecordEntityModel | null = model;
    for (const segment of segments) {
      if (!current) throw notExpandable(path, 'a user has no fields to expand');
      let node = level.find((n) => n.field === segment);
      if (!node) {
        node = nodeFor(current, segment, path, policy);
        level.push(node);
      }
      current = node.target;
      level = node.children;
    }
  }
  return roots;
}

function idsOf(records: readonly RecordValues[], field: string): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    const value = record[field];
    if (typeof value === 'string') ids.add(value);
    if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') ids.add(v);
  }
  return [...ids];
}

async function expandUsers(db: Knex, records: RecordValues[], field: string): Promise<void> {
  const ids = idsOf(records, field);
  const rows: Array<{ id: string; name: string; email: string }> = ids.length === 0 ? [] : await db('users').select('id', 'name', 'email').whereIn('id', ids);
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, email: r.email }]));
  for (const record of records) {
    const id = record[field];
    record[field] = typeof id === 'string' ? (byId.get(id) ?? null) : null;
  }
}

async function expandNode(db: Knex, records: RecordValues[], node: ExpandNode, policy: AccessPolicy): Promise<void> {
  if (node.kind === 'user' || !node.target) {
    await expandUsers(db, records, node.field);
    return;
  }
  const target = node.target;
  const access = policy.entity(target.name);
  const readable = access.recordFilter('read', target.table);
  if (node.kind === 'one-to-many' && node.inverse !== null) {
    const inverse = node.inverse;
    const related: RecordValues[] = await findLiveRecordsWhereIn(db, target, inverse, records.map((r) => String(r['id'])), readable);
    // Grouped before the children expand, which may replace the inverse id by its record.
    const bySource = new Map<string, RecordValues[]>();
    for (const r of related) bySource.set(String(r[inverse]), [...(bySource.get(String(r[inverse])) ?? []), r]);
    await expandAll(db, related, node.children, policy);
    for (const r of related) hideFieldsInPlace(access, r);
    for (const record of records) record[node.field] = bySource.get(String(record['id'])) ?? [];
    return;
  }
  const loaded: RecordValues[] = await findLiveRecords(db, target, idsOf(records, node.field), readable);
  await expandAll(db, loaded, node.children, policy);
  for (const r of loaded) hideFieldsInPlace(access, r);
  const byId = new Map(loaded.map((r) => [String(r['id']), r]));
  for (const record of records) {
    const value = record[node.field];
    if (node.kind === 'many-to-many') {
      const ids = Array.isArray(value) ? value : [];
      record[node.field] = ids.flatMap((id) => byId.get(String(id)) ?? []);
    } else {
      record[node.field] = typeof value === 'string' ? (byId.get(value) ?? null) : null;
    }
  }
}

async function expandAll(db: Knex, records: RecordValues[], nodes: readonly ExpandNode[], policy: AccessPolicy): Promise<void> {
  if (records.length === 0) return;
  for (const node of nodes) await expandNode(db, records, node, policy);
}

/** Replaces, in place, the fields named by `plan` (from planExpand with the same policy) in `records`. */
export async function expandRecords(db: Knex, records: RecordValues[], plan: readonly ExpandNode[], policy: AccessPolicy): Promise<void> {
  await expandAll(db, records, plan, policy);
}
