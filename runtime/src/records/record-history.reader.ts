import type { Knex } from 'knex';
import type { ActorKind, FieldChange, RecordAction } from './record.types.js';

export interface HistoryActor {
  kind: ActorKind;
  id: string | null;
  name?: string;
  process?: string;
  runId?: string;
}

export interface HistoryItem {
  version: number;
  action: RecordAction;
  at: string;
  actor: HistoryActor;
  changes: FieldChange[];
}

interface HistoryRow {
  version: number;
  action: string;
  at: string;
  changes: unknown;
  actor_id: string | null;
  actor_kind: string;
  process: string | null;
  run_id: string | null;
  actor_name: string | null;
}

const ACTIONS: readonly RecordAction[] = ['create', 'update', 'delete', 'restore'];
const KINDS: readonly ActorKind[] = ['user', 'process', 'system'];

function actionOf(value: string): RecordAction {
  return ACTIONS.find((a) => a === value) ?? 'update';
}

function kindOf(value: string): ActorKind {
  return KINDS.find((k) => k === value) ?? 'system';
}

function changesOf(value: unknown): FieldChange[] {
  if (!Array.isArray(value)) return [];
  const changes: FieldChange[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || !('field' in item) || typeof item.field !== 'string') continue;
    changes.push({ field: item.field, old: 'old' in item ? item.old : null, new: 'new' in item ? item.new : null });
  }
  return changes;
}

function toItem(row: HistoryRow): HistoryItem {
  const actor: HistoryActor = { kind: kindOf(row.actor_kind), id: row.actor_id };
  if (row.actor_name !== null) actor.name = row.actor_name;
  if (row.process !== null) actor.process = row.process;
  if (row.run_id !== null) actor.runId = row.run_id;
  return { version: row.version, action: actionOf(row.action), at: row.at, actor, changes: changesOf(row.changes) };
}

/** The record's history, newest first, with the names of the people who made each change. */
export async function readHistory(db: Knex, entity: string, recordId: string): Promise<HistoryItem[]> {
  const rows: HistoryRow[] = await db('record_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select('h.version', 'h.action', 'h.at', 'h.changes', 'h.actor_id', 'h.actor_kind', 'h.process', 'h.run_id', 'u.name as actor_name')
    .where({ 'h.entity': entity, 'h.record_id': recordId })
    .orderBy('h.id', 'desc');
  return rows.map(toItem);
}
