import { FIELD_TYPE_NAMES, FIELD_TYPES, fieldSqlType, type App, type Field } from '@crm/schemas';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { definitionServiceSuite } from '../definitions/definition-service.test-support.js';
import { findStorageIssues } from '../definitions/definition-storage.checks.js';
import { checkedSqlType } from './entity-table.ddl.js';

/*
 * The field-type catalog of @crm/schemas says which column stores each type and what the builder may
 * offer (unique, indexed). Publishing is what creates the columns and indexes: these tests publish a
 * field of every type and compare the database with the catalog, so a catalog entry that storage
 * does not honour (or the reverse) fails here.
 */

/** One field of each type, named f_<type>; keyed by the union so a new type must be added here. */
function samples(entity: string): Record<Field['type'], Field> {
  return {
    text: { name: 'f_text', type: 'text' },
    longtext: { name: 'f_longtext', type: 'longtext' },
    integer: { name: 'f_integer', type: 'integer' },
    number: { name: 'f_number', type: 'number' },
    money: { name: 'f_money', type: 'money' },
    percent: { name: 'f_percent', type: 'percent' },
    boolean: { name: 'f_boolean', type: 'boolean' },
    date: { name: 'f_date', type: 'date' },
    datetime: { name: 'f_datetime', type: 'datetime' },
    email: { name: 'f_email', type: 'email' },
    phone: { name: 'f_phone', type: 'phone' },
    url: { name: 'f_url', type: 'url' },
    enum: { name: 'f_enum', type: 'enum', options: [{ value: 'a' }, { value: 'b' }] },
    multienum: { name: 'f_multienum', type: 'multienum', options: [{ value: 'a' }, { value: 'b' }] },
    relation: { name: 'f_relation', type: 'relation', target: entity },
    user: { name: 'f_user', type: 'user' },
    formula: { name: 'f_formula', type: 'formula', expression: 'f_integer * 2' },
    file: { name: 'f_file', type: 'file' },
  };
}

/*
 * The columns existing installations have. Changing one in the catalog would give new fields another
 * type than the tables already published hold, so it has to be a deliberate edit here too (with a
 * migration of the existing columns).
 */
const PUBLISHED_TYPES: Readonly<Record<Field['type'], string | null>> = {
  text: 'text',
  longtext: 'text',
  integer: 'bigint',
  number: 'numeric',
  money: 'numeric(18,2)',
  percent: 'numeric',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamp with time zone',
  email: 'text',
  phone: 'text',
  url: 'text',
  enum: 'text',
  multienum: 'text[]',
  relation: 'uuid',
  user: 'uuid',
  formula: 'numeric',
  file: 'jsonb',
};

const VARIANTS: readonly Field[] = [
  { name: 'v_formula_text', type: 'formula', expression: 'f_text', resultType: 'text' },
  { name: 'v_formula_boolean', type: 'formula', expression: 'f_boolean', resultType: 'boolean' },
  { name: 'v_formula_date', type: 'formula', expression: 'f_date', resultType: 'date' },
  { name: 'v_many', type: 'relation', target: 'probe', cardinality: 'one-to-many', inverse: 'f_relation' },
  { name: 'v_links', type: 'relation', target: 'probe', cardinality: 'many-to-many' },
];

function entity(name: string, fields: Field[]): App['entities'][number] {
  return { name, label: { ru: name, en: name }, fields };
}

/** Each field offered `unique` made unique on probe_u, each offered `indexed` indexed on probe_i. */
function probeApp(): App {
  const offered = (name: string, capability: 'unique' | 'indexed'): Field[] =>
    Object.values(samples(name)).map((field) => (FIELD_TYPES[field.type].capabilities[capability] ? { ...field, [capability]: true } : field));
  return {
    name: 'probe_app',
    entities: [entity('probe', [...Object.values(samples('probe')), ...VARIANTS]), entity('probe_u', offered('probe_u', 'unique')), entity('probe_i', offered('probe_i', 'indexed'))],
  };
}

/** Each column of the table with its type as PostgreSQL prints it (format_type). */
async function columnTypes(knex: Knex, table: string): Promise<Map<string, string>> {
  const result = await knex.raw<{ rows: Array<{ name: string; type: string }> }>(
    'SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped',
    [table],
  );
  return new Map(result.rows.map((row) => [row.name, row.type]));
}

/** How PostgreSQL prints each of the given SQL types, read from a scratch table that declares them. */
async function printedTypes(knex: Knex, sqlTypes: readonly string[]): Promise<string[]> {
  return knex.transaction(async (trx) => {
    const columns = sqlTypes.map((type, i) => `c${i} ${checkedSqlType(type)}`).join(', ');
    await trx.raw(`CREATE TEMP TABLE expected_types (${columns}) ON COMMIT DROP`);
    const printed = await columnTypes(trx, 'expected_types');
    return sqlTypes.map((_, i) => printed.get(`c${i}`) ?? 'missing');
  });
}

/** The sample fields (f_*) that have an index of their own, unique or plain. */
async function indexedColumns(knex: Knex, table: string, unique: boolean): Promise<string[]> {
  const rows: Array<{ indexdef: string }> = await knex('pg_indexes').where({ schemaname: 'public', tablename: table }).select('indexdef');
  const kind = unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX';
  return rows.flatMap(({ indexdef }) => {
    const column = /\(([a-z_]+)\)/.exec(indexdef)?.[1];
    return indexdef.startsWith(kind) && column?.startsWith('f_') ? [column] : [];
  });
}

describe.each(testDatabaseKinds())('field types as publishing stores them on %s', (kind) => {
  const suite = definitionServiceSuite(kind);

  it("gives every field with a column exactly the catalog's SQL type, and the others none", async () => {
    // ARRANGE
    const app = probeApp();
    const fields = app.entities[0]?.fields ?? [];
    // ACT
    await suite.publish(app);
    // ASSERT
    const actual = await columnTypes(suite.knex, 'rec_probe');
    const stored = fields.map((field) => ({ field: field.name, sqlType: fieldSqlType(field) }));
    const expected = await printedTypes(suite.knex, stored.flatMap((s) => (s.sqlType === null ? [] : [s.sqlType])));
    expect(stored.filter((s) => s.sqlType !== null).map((s) => `${s.field}: ${actual.get(s.field)}`)).toEqual(
      stored.filter((s) => s.sqlType !== null).map((s, i) => `${s.field}: ${expected[i]}`),
    );
    expect(stored.filter((s) => s.sqlType === null).map((s) => actual.has(s.field))).toEqual([false, false]);
    expect(Object.fromEntries(FIELD_TYPE_NAMES.map((type) => [type, actual.get(`f_${type}`) ?? null]))).toEqual(PUBLISHED_TYPES);
  });

  it('creates the unique and plain indexes the catalog offers', async () => {
    // ACT
    await suite.publish(probeApp());
    // ASSERT
    const offered = (capability: 'unique' | 'indexed'): string[] =>
      FIELD_TYPE_NAMES.filter((type) => FIELD_TYPES[type].capabilities[capability]).map((type) => `f_${type}`).sort();
    expect((await indexedColumns(suite.knex, 'rec_probe_u', true)).sort()).toEqual(offered('unique'));
    expect(new Set(await indexedColumns(suite.knex, 'rec_probe_i', false))).toEqual(new Set(offered('indexed')));
  });
});

describe('storage checks and the catalog', () => {
  it('refuse no index or unique the catalog offers, and refuse those on long text, which it does not', () => {
    expect(findStorageIssues(probeApp())).toEqual([]);
    const longtext: Field = { name: 'notes', type: 'longtext', indexed: true };
    expect(FIELD_TYPES.longtext.capabilities.indexed || FIELD_TYPES.longtext.capabilities.unique).toBe(false);
    expect(findStorageIssues({ name: 'a', entities: [entity('probe', [longtext])] }).map((i) => i.code)).toEqual(['UNINDEXABLE_FIELD']);
  });
});
