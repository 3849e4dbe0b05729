import type { Knex } from 'knex';
import type { ColumnDdl, ConstraintDdl, SequencePosition, TableDdl } from './backup-file.types.js';

/*
 * What a backup needs to know about a database beyond its rows, read from PostgreSQL's catalog (the
 * same queries on PGlite and PostgreSQL): its tables, the structure of the tables publishing made,
 * the positions of its sequences and the migrations it has had.
 */

export async function publicTables(db: Knex | Knex.Transaction): Promise<string[]> {
  const rows: Array<{ name: string }> = (await db.raw(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
  return rows.map((r) => r.name);
}

export async function appliedMigrations(db: Knex | Knex.Transaction): Promise<string[]> {
  const exists: Array<{ found: boolean }> = (await db.raw(`SELECT to_regclass('public.crm_system_migrations') IS NOT NULL AS found`)).rows;
  if (!exists[0]?.found) return [];
  const rows: Array<{ name: string }> = await db('crm_system_migrations').select('name').orderBy('id');
  return rows.map((r) => r.name);
}

export async function sequencePositions(db: Knex | Knex.Transaction): Promise<SequencePosition[]> {
  const rows: Array<{ name: string; last_value: number | string | null }> = (
    await db.raw(`SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`)
  ).rows;
  return rows.map((r) => ({ name: r.name, lastValue: r.last_value === null ? null : Number(r.last_value) }));
}

const CONSTRAINT_KINDS: Record<string, ConstraintDdl['kind']> = { p: 'primary', u: 'unique', c: 'check', f: 'foreign', x: 'exclusion' };

export async function tableDdl(db: Knex | Knex.Transaction, table: string): Promise<TableDdl> {
  const relation = `public.${quoteIdent(table)}`;
  const columns: Array<{ name: string; type: string; not_null: boolean; expr: string | null; identity: string; generated: string }> = (
    await db.raw(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS expr, a.attidentity AS identity, a.attgenerated AS generated
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`,
      [relation],
    )
  ).rows;
  const constraints: Array<{ name: string; kind: string; definition: string }> = (
    await db.raw(
      `SELECT conname AS name, contype AS kind, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'c', 'f', 'x') ORDER BY conname`,
      [relation],
    )
  ).rows;
  const indexes: Array<{ definition: string }> = (
    await db.raw(
      `SELECT pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       WHERE i.indrelid = ?::regclass
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
       ORDER BY i.indexrelid::regclass::text`,
      [relation],
    )
  ).rows;
  const sequences: Array<{ name: string }> = (
    await db.raw(
      `SELECT s.relname AS name FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
       WHERE d.refobjid = ?::regclass AND d.classid = 'pg_class'::regclass AND s.relkind = 'S' AND d.deptype = 'a'
       ORDER BY s.relname`,
      [relation],
    )
  ).rows;
  return {
    columns: columns.map(
      (c): ColumnDdl => ({
        name: c.name,
        type: c.type,
        notNull: c.not_null,
        default: c.generated === 's' || c.identity !== '' ? null : c.expr,
        generated: c.generated === 's' ? c.expr : null,
        identity: c.identity === 'a' ? 'always' : c.identity === 'd' ? 'by default' : null,
      }),
    ),
    constraints: constraints.flatMap((c) => {
      const kind = CONSTRAINT_KINDS[c.kind];
      return kind ? [{ name: c.name, kind, definition: c.definition }] : [];
    }),
    indexes: indexes.map((i) => i.definition),
    sequences: sequences.map((s) => s.name),
  };
}

/** Columns a row can be inserted into: all but the generated ones. */
export async function insertableColumns(db: Knex | Knex.Transaction, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> = (
    await db.raw(
      `SELECT attname AS name FROM pg_attribute
       WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
       ORDER BY attnum`,
      [`public.${quoteIdent(table)}`],
    )
  ).rows;
  return rows.map((r) => r.name);
}

export interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

export async function foreignKeys(db: Knex | Knex.Transaction): Promise<ForeignKey[]> {
  const rows: Array<{ table: string; name: string; definition: string }> = (
    await db.raw(
      `SELECT cl.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       WHERE c.contype = 'f' AND n.nspname = 'public' ORDER BY cl.relname, c.conname`,
    )
  ).rows;
  return rows;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
