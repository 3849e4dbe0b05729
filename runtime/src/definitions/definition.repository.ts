import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { PlanStep } from './plan-step.types.js';

/** Reads and writes of the definition tables (definition_draft, definition_versions). */

const DRAFT_ROW_ID = 1;

export interface StoredDraft {
  /** A work-in-progress draft may be stored with issues: validate before relying on its shape. */
  definition: unknown;
  updatedAt: string;
  updatedBy: string | null;
  /** Which save of the draft this is (see DraftStamp). */
  stamp: DraftStamp;
}

/**
 * Which save of the draft a reader saw: its updated_at to the microsecond, as text (a JS Date would
 * round it to the millisecond). Each save takes clock_timestamp(), and at least a microsecond more
 * than the save it replaces: PGlite's clock reads whole milliseconds, so two saves in one
 * millisecond shared a stamp there, and a publish meant for the first published the second. A
 * writer that must not overwrite someone else's later save compares it (see draft-restore.writer).
 */
export type DraftStamp = string;

const STAMP = 'updated_at::text AS stamp';

export interface VersionSummary {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  note: string | null;
  isLive: boolean;
  /** Number of steps the publish ran. */
  steps: number;
}

export interface VersionDetail extends VersionSummary {
  plan: PlanStep[];
  definition: App;
}

interface VersionRow {
  version: number;
  definition: App;
  plan: PlanStep[];
  note: string | null;
  is_live: boolean;
  published_at: string;
  published_by: string | null;
  steps?: number;
}

/** `forUpdate` (inside a transaction) holds off a concurrent PUT draft until the transaction ends. */
export async function readDraft(knex: Knex, options: { forUpdate?: boolean } = {}): Promise<StoredDraft | null> {
  const query = knex('definition_draft').where({ id: DRAFT_ROW_ID });
  if (options.forUpdate) query.forUpdate();
  const row: { definition: unknown; updated_at: string; updated_by: string | null; stamp: string } | undefined = await query.first(
    'definition',
    'updated_at',
    'updated_by',
    knex.raw(STAMP),
  );
  return row ? { definition: row.definition, updatedAt: row.updated_at, updatedBy: row.updated_by, stamp: row.stamp } : null;
}

/** Stores the draft; answers the stamp of this save. */
export async function writeDraft(knex: Knex, definition: App | Record<string, unknown>, actorId: string | null): Promise<DraftStamp> {
  const rows: Array<{ stamp: string }> = await knex('definition_draft')
    .insert({ id: DRAFT_ROW_ID, definition: JSON.stringify(definition), updated_at: knex.raw('clock_timestamp()'), updated_by: actorId })
    .onConflict('id')
    .merge({
      definition: knex.raw('excluded.definition'),
      updated_by: knex.raw('excluded.updated_by'),
      updated_at: knex.raw(`GREATEST(excluded.updated_at, definition_draft.updated_at + interval '1 microsecond')`),
    })
    .returning(knex.raw(STAMP));
  const stamp = rows[0]?.stamp;
  if (stamp === undefined) throw new Error('definition_draft: the save answered no row');
  return stamp;
}

/**
 * Puts `previous` back (the draft as it was, or none) only if the draft is still the save `stamp`
 * names; a later save (another admin's edit) is left alone. True when it put it back.
 */
export async function replaceDraftIfStill(knex: Knex, stamp: DraftStamp, previous: StoredDraft | null): Promise<boolean> {
  const ours = knex('definition_draft').where({ id: DRAFT_ROW_ID }).andWhere('updated_at', '=', knex.raw('?::timestamptz', [stamp]));
  if (!previous) return (await ours.delete()) > 0;
  const updated = await ours.update({
    definition: JSON.stringify(previous.definition),
    updated_at: knex.raw('?::timestamptz', [previous.stamp]),
    updated_by: previous.updatedBy,
  });
  return updated > 0;
}

/** Publishing makes the draft live, so there is no separate draft any more (GET draft shows live). */
export async function deleteDraft(knex: Knex): Promise<void> {
  await knex('definition_draft').where({ id: DRAFT_ROW_ID }).delete();
}

/** The one cheap query every getLive() makes. */
export async function readLiveVersionNumber(knex: Knex): Promise<number | null> {
  const row: { version: number } | undefined = await knex('definition_versions').where({ is_live: true }).first('version');
  return row?.version ?? null;
}

/**
 * Whether the live version's row was written by the transaction `db` itself, which may still roll
 * back (a template install whose demo data then fails). A row this transaction did not write is
 * committed (read committed), so it may be remembered. No transaction id assigned: nothing written.
 */
export async function liveWrittenHere(db: Knex): Promise<boolean> {
  const result: { rows: Array<{ own: boolean | null }> } = await db.raw(
    `SELECT xmin::text::bigint = (pg_current_xact_id_if_assigned()::text::bigint % 4294967296) AS own FROM definition_versions WHERE is_live`,
  );
  return result.rows[0]?.own === true;
}

export async function readLive(knex: Knex): Promise<{ version: number; app: App } | null> {
  const row: { version: number; definition: App } | undefined = await knex('definition_versions')
    .where({ is_live: true })
    .first('version', 'definition');
  return row ? { version: row.version, app: row.definition } : null;
}

function toSummary(row: VersionRow): VersionSummary {
  return {
    version: row.version,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    note: row.note,
    isLive: row.is_live,
    steps: row.steps ?? row.plan.length,
  };
}

export async function listVersions(knex: Knex): Promise<VersionSummary[]> {
  const rows: VersionRow[] = await knex('definition_versions')
    .select('version', 'note', 'is_live', 'published_at', 'published_by', knex.raw('jsonb_array_length(plan)::int AS steps'))
    .orderBy('version');
  return rows.map(toSummary);
}

export async function readVersion(knex: Knex, version: number): Promise<VersionDetail | null> {
  const row: VersionRow | undefined = await knex('definition_versions').where({ version }).first();
  return row ? { ...toSummary(row), plan: row.plan, definition: row.definition } : null;
}

/*
 * Publishes are serialised by a transaction-scoped advisory lock: two runtime processes publishing
 * at once would otherwise both diff against the same live version and both take version max+1.
 */
const PUBLISH_LOCK = 'crm:definitions:publish';

export async function lockPublishing(trx: Knex.Transaction): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [PUBLISH_LOCK]);
}

export async function nextVersionNumber(trx: Knex.Transaction): Promise<number> {
  const row: { max?: number | null } | undefined = await trx('definition_versions').max({ max: 'version' }).first();
  return (row?.max ?? 0) + 1;
}

export async function insertLiveVersion(
  trx: Knex.Transaction,
  entry: { version: number; definition: App; plan: readonly PlanStep[]; note: string | null; publishedBy: string | null },
): Promise<void> {
  await trx('definition_versions').where({ is_live: true }).update({ is_live: false });
  await trx('definition_versions').insert({
    version: entry.version,
    definition: JSON.stringify(entry.definition),
    plan: JSON.stringify(entry.plan),
    note: entry.note,
    is_live: true,
    published_by: entry.publishedBy,
  });
}
