import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { App, ConditionUser } from '@crm/schemas';

/* The condition agreement test's app, value pools, fixed data set and databases. */

export const NOW = new Date('2024-03-01T10:00:00.000Z'); // 13:00 in Europe/Moscow
/** The database sessions run in a zone far from both UTC and the app's, so no SQL may lean on it. */
export const SESSION_TIME_ZONE = 'Asia/Kathmandu'; // +05:45
export const DATA_SEED = Number(process.env.COND_DATA_SEED ?? 20240301);
/** Random conditions per run of the main property; raise it (COND_RUNS=20000) for a longer soak. */
export const RUNS = Number(process.env.COND_RUNS ?? 2000);

// ---------------------------------------------------------------- the app

export const STAGES = ['new', 'won', 'lost'];
export const TAGS = ['vip', 'partner', 'urgent'];

export const APP: App = {
  name: 'agreement',
  settings: { timezone: 'Europe/Moscow' },
  entities: [
    {
      name: 'company',
      label: { en: 'Company' },
      fields: [
        { name: 'city', type: 'text' },
        { name: 'size', type: 'integer' },
        { name: 'parent', type: 'relation', target: 'company', cardinality: 'many-to-one' },
      ],
    },
    {
      name: 'deal',
      label: { en: 'Deal' },
      fields: [
        { name: 'title', type: 'text' },
        { name: 'notes', type: 'longtext' },
        { name: 'qty', type: 'integer' },
        { name: 'score', type: 'number' },
        { name: 'amount', type: 'money' },
        { name: 'probability', type: 'percent' },
        { name: 'hot', type: 'boolean' },
        { name: 'close_date', type: 'date' },
        { name: 'due_at', type: 'datetime' },
        { name: 'stage', type: 'enum', options: STAGES.map((value) => ({ value })) },
        { name: 'region', type: 'enum' },
        { name: 'tags', type: 'multienum', options: TAGS.map((value) => ({ value })) },
        { name: 'email', type: 'email' },
        { name: 'phone', type: 'phone' },
        { name: 'site', type: 'url' },
        { name: 'manager', type: 'user' },
        { name: 'company', type: 'relation', target: 'company' },
        { name: 'weighted', type: 'formula', expression: 'amount * probability / 100' },
      ],
    },
  ],
};

export const SYSTEM_COLUMNS = `
  id uuid PRIMARY KEY, version bigint NOT NULL DEFAULT 1, owner uuid,
  created_at timestamptz NOT NULL, created_by uuid, updated_at timestamptz NOT NULL, updated_by uuid,
  deleted_at timestamptz`;

export const DDL = [
  `CREATE TABLE rec_company (${SYSTEM_COLUMNS}, city text, size bigint, parent uuid)`,
  `CREATE TABLE rec_deal (${SYSTEM_COLUMNS}, title text, notes text, qty bigint, score numeric,
     amount numeric(18,2), probability numeric, hot boolean, close_date date, due_at timestamptz,
     stage text, region text, tags text[], email text, phone text, site text, manager uuid,
     company uuid, weighted numeric)`,
];

// ---------------------------------------------------------------- value pools (records and conditions draw from them)

export const uuid = (prefix: string, index: number): string => `${prefix}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
export const USERS = [uuid('0000000a', 1), uuid('0000000a', 2), uuid('0000000a', 3)];
export const COMPANY_IDS = Array.from({ length: 12 }, (_v, i) => uuid('0000000c', i + 1));
export const DEAL_COUNT = 60;

export const TEXTS = [
  'Сделка', 'сделка с ООО «Ромашка»', 'СДЕЛКА', 'Deal', 'deal 100%', 'DEAL_1', 'a_b', 'a\\b', 'x%y_z', '100%',
  '', ' ', 'Ёлка', 'ёлка', 'ΣΑΣ', 'σας', 'İstanbul', 'Straße', 'STRASSE', '!', 'a!b',
];
export const FRAGMENTS = ['сдел', 'СДЕЛ', 'deal', 'DEAL', '100%', '%', '_', '\\', 'a_', 'x%y', '', 'ёл', 'Ё', 'σ', 'Σ', 'i', 'İ', 'ß', '!', '!b', 'ромаш', ' ', 'is', 'İST', 'σας'];
export const CITIES = ['Москва', 'москва', 'МОСКВА', 'Казань', 'Saint_Petersburg', '100%City', 'a\\b', ''];
export const INTEGERS = [-3, -1, 0, 1, 2, 7, 100, 9007199254740991, -9007199254740991];
export const INTEGER_PROBES = [...INTEGERS, 0.5, -0.5, 1.5, 99.99, 1e20, -1e20];
export const NUMBERS = [-1.5, 0, 0.1, 0.30000000000000004, 1e-7, 3.14159, 100, 12345.678, -0.000001];
export const NUMBER_PROBES = [...NUMBERS, 0.3, 0.2, -1, 1, 12345.6789, 1e21];
export const MONEY = [-1234.56, 0, 0.01, 99.99, 100000, 100000.01, 5000000];
export const MONEY_PROBES = [...MONEY, 0.005, 100000.001, -1234.555, 50];
export const DATES = ['0001-01-01', '1970-01-01', '2000-02-29', '2024-02-23', '2024-02-29', '2024-03-01', '2024-03-02', '9999-12-31'];
export const DATETIMES = [
  '0001-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2024-02-23T10:00:00.000Z', '2024-02-29T20:59:59.999Z',
  '2024-02-29T21:00:00.000Z', '2024-03-01T09:59:59.999Z', '2024-03-01T10:00:00.000Z', '2024-03-01T10:00:00.001Z',
  '9999-12-31T23:59:59.999Z',
];
export const DATETIME_PROBES = [...DATETIMES, '2024-03-01T13:00:00+03:00', '2024-03-01T00:00:00.001+03:00', '2024-02-29T23:59:59.999-01:00', '2024-03-01', '2024-02-29'];
export const EMAILS = ['Ivan@Example.com', 'ivan@example.com', 'a_b@x.ru', 'petr%@x.ru'];
export const PHONES = ['+79123456789', '+79991112233', '+74951234567'];
export const REGIONS = ['north', 'south', 'east'];
export const TAG_SETS: string[][] = [[], ['vip'], ['partner'], ['vip', 'partner'], ['partner', 'urgent', 'vip']];
export const OTHER_UUID = 'ffffffff-ffff-4fff-8fff-ffffffffffff';

export const USER_POOL: ConditionUser[] = [
  { id: USERS[0] ?? '', region: 'north', teams: ['north', 'south'], quota: 7, since: '2024-02-29' },
  { id: USERS[1] ?? '', region: 'south', teams: [], quota: 0.5 },
  { id: USERS[2] ?? '', region: 'Сделка', teams: ['Deal', 'deal 100%'], quota: 'many' },
];

// ---------------------------------------------------------------- the data set

export type Row = Record<string, unknown>;

export function nullable<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { nil: null, freq: 5 });
}

export const pick = <T,>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

export const companyArb = (index: number): fc.Arbitrary<Row> =>
  fc.record({
    id: fc.constant(COMPANY_IDS[index]),
    owner: nullable(pick(USERS)),
    created_at: pick(DATETIMES),
    updated_at: pick(DATETIMES),
    deleted_at: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: pick(DATETIMES), weight: 1 }),
    city: nullable(pick(CITIES)),
    size: nullable(pick(INTEGERS)),
    // Parents point to earlier companies, so the relation has no cycles.
    parent: index === 0 ? fc.constant(null) : nullable(pick(COMPANY_IDS.slice(0, index))),
  });

export const dealArb = (index: number): fc.Arbitrary<Row> =>
  fc.record({
    id: fc.constant(uuid('0000000d', index + 1)),
    version: pick([1, 2, 3]),
    owner: nullable(pick(USERS)),
    created_at: pick(DATETIMES),
    updated_at: pick(DATETIMES),
    title: nullable(pick(TEXTS)),
    notes: nullable(pick(TEXTS)),
    qty: nullable(pick(INTEGERS)),
    score: nullable(pick(NUMBERS)),
    amount: nullable(pick(MONEY)),
    probability: nullable(pick(NUMBERS)),
    hot: nullable(fc.boolean()),
    close_date: nullable(pick(DATES)),
    due_at: nullable(pick(DATETIMES)),
    stage: nullable(pick(STAGES)),
    region: nullable(pick([...REGIONS, 'Сделка'])),
    tags: nullable(pick(TAG_SETS)),
    email: nullable(pick(EMAILS)),
    phone: nullable(pick(PHONES)),
    site: nullable(pick(TEXTS)),
    manager: nullable(pick(USERS)),
    company: nullable(pick(COMPANY_IDS)),
    weighted: nullable(pick(NUMBERS)),
  });

export function sampleOne<T>(arb: fc.Arbitrary<T>, seed: number): T {
  const [value] = fc.sample(arb, { numRuns: 1, seed });
  if (value === undefined) throw new Error('fast-check produced no sample');
  return value;
}

export const COMPANIES: Row[] = COMPANY_IDS.map((_id, index) => sampleOne(companyArb(index), DATA_SEED + index));
export const DEALS: Row[] = Array.from({ length: DEAL_COUNT }, (_v, index) => sampleOne(dealArb(index), DATA_SEED + 1000 + index));

/** A company as the records engine hands it to the predicate: its many-to-one relations expanded. */
export function expandCompany(id: unknown): Row | null {
  const company = COMPANIES.find((row) => row.id === id);
  return company ? { ...company, parent: expandCompany(company.parent) } : null;
}

export const DEAL_RECORDS: Row[] = DEALS.map((deal) => ({ ...deal, company: expandCompany(deal.company) }));

// ---------------------------------------------------------------- databases

export interface Target {
  name: string;
  knex: Knex;
  close: () => Promise<void>;
}

export async function openPglite(): Promise<Target> {
  const pglite = new PGlite();
  await pglite.waitReady;
  await pglite.exec(`SET TIME ZONE '${SESSION_TIME_ZONE}'`);
  const connection = { pglite, application_name: 'condition-agreement' };
  const knex = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection });
  return {
    name: 'pglite',
    knex,
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** A fresh database on the server TEST_DATABASE_URL points at, dropped again on close. */
export async function openPostgres(url: string): Promise<Target> {
  const database = `cond_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw('CREATE DATABASE ??', [database]);
  await admin.raw(`ALTER DATABASE ?? SET timezone TO '${SESSION_TIME_ZONE}'`, [database]);
  const target = new URL(url);
  target.pathname = `/${database}`;
  const knex = knexFactory({ client: 'pg', connection: target.toString(), pool: { min: 0, max: 2 } });
  return {
    name: 'postgres',
    knex,
    close: async () => {
      await knex.destroy();
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      await admin.destroy();
    },
  };
}

export async function load(knex: Knex): Promise<void> {
  for (const statement of DDL) await knex.raw(statement);
  await knex('rec_company').insert(COMPANIES);
  await knex('rec_deal').insert(DEALS.map((deal) => ({ ...deal, tags: deal.tags === null ? null : knex.raw('?::text[]', [pgArray(deal.tags)]) })));
}

/** A text[] literal; tag values are plain words, so quoting each is enough. */
export function pgArray(value: unknown): string {
  const items = Array.isArray(value) ? value.map((item) => `"${String(item)}"`) : [];
  return `{${items.join(',')}}`;
}
