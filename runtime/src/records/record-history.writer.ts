import type { Knex } from 'knex';
import { actorKindOf, type FieldChange, type RecordAction, type RecordCaller } from './record.types.js';
import type { FieldAuthors } from './record-write.steps.js';

/*
 * The history step: one row per write in record_history, in the write's transaction, with every
 * changed field's old and new value and who made the change (a person, or a process and its run).
 */

export interface HistoryEntry {
  entity: string;
  recordId: string;
  /** The record's version after the write. */
  version: number;
  action: RecordAction;
  changes: readonly FieldChange[];
  caller: RecordCaller;
}

/** The history rows of a write: the caller's changes, and each before-save run's as its own. */
export function historyEntriesOf(
  base: Pick<HistoryEntry, 'entity' | 'recordId' | 'version' | 'action'>,
  changes: readonly FieldChange[],
  authors: FieldAuthors,
  caller: RecordCaller,
): HistoryEntry[] {
  // What before-save processes set is theirs in history; the rest is the caller's.
  const own = changes.filter((c) => !authors.has(c.field));
  const byProcess = new Map<string, { by: { process: string; runId: string }; changes: FieldChange[] }>();
  for (const change of changes) {
    const by = authors.get(change.field);
    if (!by) continue;
    const entry = byProcess.get(by.runId) ?? { by, changes: [] };
    entry.changes.push(change);
    byProcess.set(by.runId, entry);
  }
  const entries: HistoryEntry[] = [];
  if (own.length > 0 || byProcess.size === 0) entries.push({ ...base, changes: own, caller });
  for (const { by, changes: theirs } of byProcess.values()) {
    entries.push({ ...base, changes: theirs, caller: { user: caller.user, process: { name: by.process, runId: by.runId } } });
  }
  return entries;
}

/** Who wrote an entry and what, as record_history's columns (the record and version aside). */
function historyWho(entry: HistoryEntry) {
  return {
    entity: entry.entity,
    action: entry.action,
    changes: entry.changes.map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null })),
    actor_id: entry.caller.user?.id ?? null,
    actor_kind: actorKindOf(entry.caller),
    process: entry.caller.process?.name ?? null,
    run_id: entry.caller.process?.runId ?? null,
  };
}

function historyRow(entry: HistoryEntry) {
  const who = historyWho(entry);
  // jsonb as JSON text: the pg driver would send an array as a PostgreSQL array.
  return { ...who, record_id: entry.recordId, version: entry.version, changes: JSON.stringify(who.changes) };
}

export async function writeHistory(trx: Knex, entry: HistoryEntry): Promise<void> {
  await historyInsertQuery(trx, [entry]);
}

/** One multi-row INSERT of the entries, not sent (a save sends it with its record). */
export function historyInsertQuery(db: Knex, entries: readonly HistoryEntry[]): Knex.QueryBuilder {
  return db('record_history').insert(entries.map(historyRow));
}

/**
 * The entries inserted for the row an UPDATE in the same statement returned (its CTE named
 * `updated`), numbered with the version that UPDATE wrote: no row updated, no history. One entry
 * (an update no before-save process added to, nearly all of them) goes as plain parameters; more go
 * as one jsonb document, kept in their order (the history reads by id). The document's function
 * scan, its sort and the parsing of each member cost the one-entry case a sixth of its statement
 * on PGlite (bench/README.md, "The update's history and its wait locks").
 */
export function historyAfterUpdateQuery(db: Knex, updated: string, entries: readonly HistoryEntry[]): Knex.Raw {
  const rows = entries.map(historyWho);
  const [only] = rows;
  if (only && rows.length === 1) {
    return db.raw(
      `INSERT INTO record_history (entity, record_id, version, action, changes, actor_id, actor_kind, process, run_id)
       SELECT ?, u.id, u.version, ?, ?::jsonb, ?::uuid, ?, ?, ? FROM ?? AS u`,
      [only.entity, only.action, JSON.stringify(only.changes), only.actor_id, only.actor_kind, only.process, only.run_id, updated],
    );
  }
  return db.raw(
    `INSERT INTO record_history (entity, record_id, version, action, changes, actor_id, actor_kind, process, run_id)
     SELECT h.doc->>'entity', u.id, u.version, h.doc->>'action', h.doc->'changes', (h.doc->>'actor_id')::uuid,
            h.doc->>'actor_kind', h.doc->>'process', h.doc->>'run_id'
     FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS h(doc, n)
     CROSS JOIN ?? AS u
     ORDER BY h.n`,
    [JSON.stringify(rows), updated],
  );
}

/**
 * Replaces the history rows of one version of a record (one statement, not sent): a write that sent
 * its history with its UPDATE and then found the stored values differ from those it was given.
 */
export function historyRewriteQueries(db: Knex, entries: readonly HistoryEntry[]): Knex.QueryBuilder[] {
  const [first] = entries;
  if (!first) return [];
  return [db('record_history').where({ entity: first.entity, record_id: first.recordId, version: first.version }).delete(), historyInsertQuery(db, entries)];
}
