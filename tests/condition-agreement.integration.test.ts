import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OPERATORS_BY_FAMILY,
  TRIGGER_OPERATORS,
  checkCondition,
  compileConditionToSql,
  evaluateCondition,
  type App,
  type ConditionContext,
  type ConditionUser,
  type SqlCompileResult,
  type ValueFamily,
} from '@crm/schemas';

/*
 * The condition language has two targets, a predicate over record JSON and a SQL WHERE fragment,
 * and they must select the same records. This test inserts one fixed, awkward data set (nulls,
 * Cyrillic and mixed case, % _ \ in text, negative and fractional numbers, boundary dates,
 * soft-deleted related records) into PGlite, and into PostgreSQL when TEST_DATABASE_URL is set,
 * then checks thousands of random conditions: the ids the SQL selects must be the ids the predicate
 * accepts. fast-check prints the seed and the shrunk condition of any disagreement; set
 * COND_DATA_SEED to vary the data set.
 */

const NOW = new Date('2024-03-01T10:00:00.000Z'); // 13:00 in Europe/Moscow
/** The database sessions run in a zone far from both UTC and the app's, so no SQL may lean on it. */
const SESSION_TIME_ZONE = 'Asia/Kathmandu'; // +05:45
const DATA_SEED = Number(process.env.COND_DATA_SEED ?? 20240301);
/** Random conditions per run of the main property; raise it (COND_RUNS=20000) for a longer soak. */
const RUNS = Number(process.env.COND_RUNS ?? 2000);

// ---------------------------------------------------------------- the app

const STAGES = ['new', 'won', 'lost'];
const TAGS = ['vip', 'partner', 'urgent'];

const APP: App = {
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

const SYSTEM_COLUMNS = `
  id uuid PRIMARY KEY, version bigint NOT NULL DEFAULT 1, owner uuid,
  created_at timestamptz NOT NULL, created_by uuid, updated_at timestamptz NOT NULL, updated_by uuid,
  deleted_at timestamptz`;

const DDL = [
  `CREATE TABLE rec_company (${SYSTEM_COLUMNS}, city text, size bigint, parent uuid)`,
  `CREATE TABLE rec_deal (${SYSTEM_COLUMNS}, title text, notes text, qty bigint, score numeric,
     amount numeric(18,2), probability numeric, hot boolean, close_date date, due_at timestamptz,
     stage text, region text, tags text[], email text, phone text, site text, manager uuid,
     company uuid, weighted numeric)`,
];

// ---------------------------------------------------------------- value pools (records and conditions draw from them)

const uuid = (prefix: string, index: number): string => `${prefix}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
const USERS = [uuid('0000000a', 1), uuid('0000000a', 2), uuid('0000000a', 3)];
const COMPANY_IDS = Array.from({ length: 12 }, (_v, i) => uuid('0000000c', i + 1));
const DEAL_COUNT = 60;

const TEXTS = [
  'Сделка', 'сделка с ООО «Ромашка»', 'СДЕЛКА', 'Deal', 'deal 100%', 'DEAL_1', 'a_b', 'a\\b', 'x%y_z', '100%',
  '', ' ', 'Ёлка', 'ёлка', 'ΣΑΣ', 'σας', 'İstanbul', 'Straße', 'STRASSE', '!', 'a!b',
];
const FRAGMENTS = ['сдел', 'СДЕЛ', 'deal', 'DEAL', '100%', '%', '_', '\\', 'a_', 'x%y', '', 'ёл', 'Ё', 'σ', 'Σ', 'i', 'İ', 'ß', '!', '!b', 'ромаш', ' ', 'is', 'İST', 'σας'];
const CITIES = ['Москва', 'москва', 'МОСКВА', 'Казань', 'Saint_Petersburg', '100%City', 'a\\b', ''];
const INTEGERS = [-3, -1, 0, 1, 2, 7, 100, 9007199254740991, -9007199254740991];
const INTEGER_PROBES = [...INTEGERS, 0.5, -0.5, 1.5, 99.99, 1e20, -1e20];
const NUMBERS = [-1.5, 0, 0.1, 0.30000000000000004, 1e-7, 3.14159, 100, 12345.678, -0.000001];
const NUMBER_PROBES = [...NUMBERS, 0.3, 0.2, -1, 1, 12345.6789, 1e21];
const MONEY = [-1234.56, 0, 0.01, 99.99, 100000, 100000.01, 5000000];
const MONEY_PROBES = [...MONEY, 0.005, 100000.001, -1234.555, 50];
const DATES = ['0001-01-01', '1970-01-01', '2000-02-29', '2024-02-23', '2024-02-29', '2024-03-01', '2024-03-02', '9999-12-31'];
const DATETIMES = [
  '0001-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2024-02-23T10:00:00.000Z', '2024-02-29T20:59:59.999Z',
  '2024-02-29T21:00:00.000Z', '2024-03-01T09:59:59.999Z', '2024-03-01T10:00:00.000Z', '2024-03-01T10:00:00.001Z',
  '9999-12-31T23:59:59.999Z',
];
const DATETIME_PROBES = [...DATETIMES, '2024-03-01T13:00:00+03:00', '2024-03-01T00:00:00.001+03:00', '2024-02-29T23:59:59.999-01:00', '2024-03-01', '2024-02-29'];
const EMAILS = ['Ivan@Example.com', 'ivan@example.com', 'a_b@x.ru', 'petr%@x.ru'];
const PHONES = ['+79123456789', '+79991112233', '+74951234567'];
const REGIONS = ['north', 'south', 'east'];
const TAG_SETS: string[][] = [[], ['vip'], ['partner'], ['vip', 'partner'], ['partner', 'urgent', 'vip']];
const OTHER_UUID = 'ffffffff-ffff-4fff-8fff-ffffffffffff';

const USER_POOL: ConditionUser[] = [
  { id: USERS[0] ?? '', region: 'north', teams: ['north', 'south'], quota: 7, since: '2024-02-29' },
  { id: USERS[1] ?? '', region: 'south', teams: [], quota: 0.5 },
  { id: USERS[2] ?? '', region: 'Сделка', teams: ['Deal', 'deal 100%'], quota: 'many' },
];

// ---------------------------------------------------------------- the data set

type Row = Record<string, unknown>;

function nullable<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { nil: null, freq: 5 });
}

const pick = <T,>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

const companyArb = (index: number): fc.Arbitrary<Row> =>
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

const dealArb = (index: number): fc.Arbitrary<Row> =>
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

function sampleOne<T>(arb: fc.Arbitrary<T>, seed: number): T {
  const [value] = fc.sample(arb, { numRuns: 1, seed });
  if (value === undefined) throw new Error('fast-check produced no sample');
  return value;
}

const COMPANIES: Row[] = COMPANY_IDS.map((_id, index) => sampleOne(companyArb(index), DATA_SEED + index));
const DEALS: Row[] = Array.from({ length: DEAL_COUNT }, (_v, index) => sampleOne(dealArb(index), DATA_SEED + 1000 + index));

/** A company as the records engine hands it to the predicate: its many-to-one relations expanded. */
function expandCompany(id: unknown): Row | null {
  const company = COMPANIES.find((row) => row.id === id);
  return company ? { ...company, parent: expandCompany(company.parent) } : null;
}

const DEAL_RECORDS: Row[] = DEALS.map((deal) => ({ ...deal, company: expandCompany(deal.company) }));

// ---------------------------------------------------------------- databases

interface Target {
  name: string;
  knex: Knex;
  close: () => Promise<void>;
}

async function openPglite(): Promise<Target> {
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
async function openPostgres(url: string): Promise<Target> {
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

async function load(knex: Knex): Promise<void> {
  for (const statement of DDL) await knex.raw(statement);
  await knex('rec_company').insert(COMPANIES);
  await knex('rec_deal').insert(DEALS.map((deal) => ({ ...deal, tags: deal.tags === null ? null : knex.raw('?::text[]', [pgArray(deal.tags)]) })));
}

/** A text[] literal; tag values are plain words, so quoting each is enough. */
function pgArray(value: unknown): string {
  const items = Array.isArray(value) ? value.map((item) => `"${String(item)}"`) : [];
  return `{${items.join(',')}}`;
}

// ---------------------------------------------------------------- conditions

interface FieldSpec {
  path: string;
  family: ValueFamily;
  operand: fc.Arbitrary<unknown>;
  /** A dynamic value that stands for a whole in / nin list. */
  list?: fc.Arbitrary<unknown>;
}

const DATE_DYNAMICS = pick<unknown>(['$today', '$now', { $now: '-P7D' }, { $now: 'P1D' }, { $now: '-P1M' }, { $now: '-PT13H' }]);
const textOperand = fc.oneof(pick(TEXTS), pick(FRAGMENTS), pick(['$user', '$user.region']));
const cityOperand = fc.oneof(pick(CITIES), pick(FRAGMENTS), pick(['Моск', 'МОСК', 'ква', 'Saint_', '100%', '$user.region']));
const userOperand = fc.oneof(pick(USERS), pick(['$user', USERS[0]?.toUpperCase() ?? '', OTHER_UUID]));

const FIELDS: FieldSpec[] = [
  { path: 'title', family: 'text', operand: textOperand, list: pick(['$user.teams', '$user.region']) },
  { path: 'notes', family: 'text', operand: textOperand },
  { path: 'site', family: 'text', operand: textOperand },
  { path: 'email', family: 'text', operand: fc.oneof(pick(EMAILS), pick(['ivan', 'IVAN@', '_b@', '%@', 'x.ru'])) },
  { path: 'phone', family: 'text', operand: fc.oneof(pick(PHONES), pick(['+7912', '912', '+'])) },
  { path: 'qty', family: 'number', operand: fc.oneof(pick<unknown>(INTEGER_PROBES), fc.constant('$user.quota')) },
  { path: 'score', family: 'number', operand: pick<unknown>(NUMBER_PROBES) },
  { path: 'probability', family: 'number', operand: pick<unknown>(NUMBER_PROBES) },
  { path: 'weighted', family: 'number', operand: fc.oneof(pick<unknown>(NUMBER_PROBES), fc.constant('$user.quota')) },
  { path: 'amount', family: 'number', operand: pick<unknown>(MONEY_PROBES) },
  { path: 'hot', family: 'boolean', operand: fc.boolean() },
  { path: 'close_date', family: 'date', operand: fc.oneof(pick<unknown>(DATES), DATE_DYNAMICS, fc.constant('$user.since')) },
  { path: 'due_at', family: 'datetime', operand: fc.oneof(pick<unknown>(DATETIME_PROBES), DATE_DYNAMICS, fc.constant('$user.since')) },
  { path: 'created_at', family: 'datetime', operand: fc.oneof(pick<unknown>(DATETIME_PROBES), DATE_DYNAMICS) },
  { path: 'stage', family: 'enum', operand: pick(STAGES) },
  { path: 'region', family: 'enum', operand: fc.oneof(pick(REGIONS), fc.constant('$user.region')), list: fc.constant('$user.teams') },
  { path: 'tags', family: 'multienum', operand: pick(TAGS) },
  { path: 'manager', family: 'uuid', operand: userOperand },
  { path: 'owner', family: 'uuid', operand: userOperand },
  { path: 'company', family: 'uuid', operand: fc.oneof(pick(COMPANY_IDS), fc.constant(OTHER_UUID)) },
  { path: 'version', family: 'number', operand: pick<unknown>([0, 1, 2]) },
  { path: 'company.city', family: 'text', operand: cityOperand },
  { path: 'company.size', family: 'number', operand: pick<unknown>(INTEGER_PROBES) },
  { path: 'company.owner', family: 'uuid', operand: userOperand },
  { path: 'company.id', family: 'uuid', operand: pick(COMPANY_IDS) },
  { path: 'company.parent', family: 'uuid', operand: pick(COMPANY_IDS) },
  { path: 'company.parent.city', family: 'text', operand: cityOperand },
  { path: 'company.parent.size', family: 'number', operand: pick<unknown>(INTEGER_PROBES) },
  { path: 'company.parent.parent.owner', family: 'uuid', operand: userOperand },
  { path: 'company.deleted_at', family: 'datetime', operand: pick<unknown>(DATETIME_PROBES) },
];

const isTriggerOp = (op: string): boolean => TRIGGER_OPERATORS.some((trigger) => trigger === op);

function valueFor(spec: FieldSpec, op: string): fc.Arbitrary<{ value?: unknown }> {
  const some = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<{ value?: unknown }> => arb.map((value) => ({ value }));
  switch (op) {
    case 'isEmpty':
    case 'isNotEmpty':
      return fc.constant({});
    case 'in':
    case 'nin': {
      const list = fc.array(spec.operand, { maxLength: 4 });
      return some(spec.list ? fc.oneof({ arbitrary: list, weight: 4 }, { arbitrary: spec.list, weight: 1 }) : list);
    }
    case 'between':
      return some(fc.tuple(spec.operand, spec.operand));
    case 'contains':
      return some(spec.family === 'multienum' ? fc.oneof(spec.operand, fc.array(spec.operand, { maxLength: 3 })) : spec.operand);
    default:
      return some(spec.operand);
  }
}

const leafArb: fc.Arbitrary<unknown> = pick(FIELDS).chain((spec) =>
  pick(OPERATORS_BY_FAMILY[spec.family].filter((op) => !isTriggerOp(op))).chain((op) =>
    valueFor(spec, op).map((value) => ({ field: spec.path, op, ...value })),
  ),
);

function conditionArb(depth: number): fc.Arbitrary<unknown> {
  if (depth === 0) return leafArb;
  const inner = conditionArb(depth - 1);
  return fc.oneof(
    { arbitrary: leafArb, weight: 4 },
    { arbitrary: fc.array(inner, { maxLength: 3 }).map((and) => ({ and })), weight: 2 },
    { arbitrary: fc.array(inner, { maxLength: 3 }).map((or) => ({ or })), weight: 2 },
    { arbitrary: inner.map((not) => ({ not })), weight: 2 },
  );
}

const CONDITION = conditionArb(3);
const USER = fc.option(pick(USER_POOL), { nil: undefined, freq: 5 });
const ALIAS = fc.constantFrom<string | undefined>(undefined, 't0', 'c1');

// ---------------------------------------------------------------- the property

function predicateIds(condition: unknown, ctx: ConditionContext): string[] {
  return DEAL_RECORDS.filter((record) => evaluateCondition(condition, record, ctx))
    .map((record) => String(record.id))
    .sort();
}

async function sqlIds(knex: Knex, sql: string, bindings: SqlCompileResult['bindings'], alias: string | undefined): Promise<string[]> {
  const rows: unknown[] = await knex.select(knex.raw('??', [`${alias ?? 'rec_deal'}.id`])).from(alias ? { [alias]: 'rec_deal' } : 'rec_deal').whereRaw(sql, [...bindings]);
  return rows.map((row) => (typeof row === 'object' && row !== null && 'id' in row ? String(row.id) : '')).sort();
}

const targets: Target[] = [];

beforeAll(async () => {
  targets.push(await openPglite());
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push(await openPostgres(url));
  for (const target of targets) await load(target.knex);
});

afterAll(async () => {
  for (const target of targets) await target.close();
});

describe('condition agreement: SQL selects exactly what the predicate accepts', () => {
  it('runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set, in a far-off session time zone', async () => {
    expect(targets.map((target) => target.name)).toEqual(process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);
    for (const target of targets) {
      const result: { rows?: unknown } = await target.knex.raw('SELECT current_setting(?) AS zone', ['TimeZone']);
      expect(JSON.stringify(result.rows), target.name).toContain(SESSION_TIME_ZONE);
    }
  });

  it('the data set is awkward enough to be interesting', () => {
    expect(DEALS).toHaveLength(DEAL_COUNT);
    expect(COMPANIES.some((company) => company.deleted_at !== null)).toBe(true);
    expect(DEALS.some((deal) => deal.company === null)).toBe(true);
    expect(DEALS.some((deal) => typeof deal.title === 'string' && /[%_\\]/.test(deal.title))).toBe(true);
  });

  it('a few hand-picked conditions select what a person expects', async () => {
    const ctx: ConditionContext = { app: APP, entity: 'deal', now: NOW };
    const cases: unknown[] = [
      { field: 'title', op: 'contains', value: 'сдел' },
      { field: 'title', op: 'contains', value: '%' },
      { field: 'company.city', op: 'ne', value: 'Москва' },
      { not: { field: 'amount', op: 'gt', value: 0 } },
      { field: 'stage', op: 'nin', value: [] },
    ];
    for (const condition of cases) {
      const expected = predicateIds(condition, ctx);
      const compiled = compileConditionToSql(condition, ctx);
      expect(compiled.ok).toBe(true);
      for (const target of targets) expect(await sqlIds(target.knex, compiled.sql, compiled.bindings, undefined), target.name).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('random conditions up to depth 3, every operator, with and without a user', async () => {
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(CONDITION, USER, ALIAS, async (condition, user, alias) => {
        const ctx: ConditionContext = { app: APP, entity: 'deal', now: NOW, ...(user ? { user } : {}), ...(alias ? { alias } : {}) };
        expect(checkCondition(condition, { app: APP, entity: 'deal', allowTriggerOps: false })).toEqual([]);
        const compiled = compileConditionToSql(condition, ctx);
        if (!compiled.ok) throw new Error(`did not compile: ${JSON.stringify(compiled.issues)}`);
        const expected = predicateIds(condition, ctx);
        if (expected.length > 0 && expected.length < DEAL_COUNT) nonTrivial += 1;
        for (const target of targets) {
          const actual = await sqlIds(target.knex, compiled.sql, compiled.bindings, alias);
          expect(actual, `${target.name}: ${compiled.sql} ${JSON.stringify(compiled.bindings)}`).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
    // Most conditions must split the data set, or agreement would prove little.
    expect(nonTrivial).toBeGreaterThan(RUNS * 0.3);
  });

  it('conditions on a self-relation (company.parent...) agree too', async () => {
    const companyRecords = COMPANIES.filter((company) => company.deleted_at === null).map((company) => expandCompany(company.id) ?? {});
    const companyLeaf = pick([
      { field: 'city', family: 'text' as const, operand: cityOperand },
      { field: 'size', family: 'number' as const, operand: pick<unknown>(INTEGER_PROBES) },
      { field: 'parent.city', family: 'text' as const, operand: cityOperand },
      { field: 'parent.parent.size', family: 'number' as const, operand: pick<unknown>(INTEGER_PROBES) },
      { field: 'parent.owner', family: 'uuid' as const, operand: userOperand },
    ]).chain((spec) =>
      pick(OPERATORS_BY_FAMILY[spec.family].filter((op) => !isTriggerOp(op))).chain((op) =>
        valueFor({ path: spec.field, family: spec.family, operand: spec.operand }, op).map((value) => ({ field: spec.field, op, ...value })),
      ),
    );
    const condition = fc.oneof(companyLeaf, fc.array(companyLeaf, { maxLength: 3 }).map((or) => ({ not: { or } })));
    await fc.assert(
      fc.asyncProperty(condition, USER, async (cond, user) => {
        const ctx: ConditionContext = { app: APP, entity: 'company', now: NOW, ...(user ? { user } : {}) };
        const compiled = compileConditionToSql(cond, ctx);
        if (!compiled.ok) throw new Error(`did not compile: ${JSON.stringify(compiled.issues)}`);
        const expected = companyRecords.filter((record) => evaluateCondition(cond, record, ctx)).map((record) => String(record.id)).sort();
        for (const target of targets) {
          const rows: unknown[] = await target.knex('rec_company').select('id').whereNull('deleted_at').whereRaw(compiled.sql, [...compiled.bindings]);
          const actual = rows.map((row) => (typeof row === 'object' && row !== null && 'id' in row ? String(row.id) : '')).sort();
          expect(actual, `${target.name}: ${compiled.sql}`).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
