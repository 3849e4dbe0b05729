import fc from 'fast-check';
import type { Knex } from 'knex';
import {
  OPERATORS_BY_FAMILY,
  TRIGGER_OPERATORS,
  checkCondition,
  compileConditionToSql,
  evaluateCondition,
  type ConditionContext,
  type SqlCompileResult,
  type ValueFamily,
} from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NOW,
  SESSION_TIME_ZONE,
  RUNS,
  STAGES,
  TAGS,
  APP,
  USERS,
  COMPANY_IDS,
  DEAL_COUNT,
  TEXTS,
  FRAGMENTS,
  CITIES,
  INTEGER_PROBES,
  NUMBER_PROBES,
  MONEY_PROBES,
  DATES,
  DATETIME_PROBES,
  EMAILS,
  PHONES,
  REGIONS,
  OTHER_UUID,
  USER_POOL,
  pick,
  COMPANIES,
  DEALS,
  expandCompany,
  DEAL_RECORDS,
  openPglite,
  openPostgres,
  load,
  type Target,
} from './condition-agreement.fixtures.js';

/*
 * The condition language has two targets, a predicate over record JSON and a SQL WHERE fragment,
 * and they must select the same records. This test inserts one fixed, awkward data set (nulls,
 * Cyrillic and mixed case, % _ \ in text, negative and fractional numbers, boundary dates,
 * soft-deleted related records) into PGlite, and into PostgreSQL when TEST_DATABASE_URL is set,
 * then checks thousands of random conditions: the ids the SQL selects must be the ids the predicate
 * accepts. fast-check prints the seed and the shrunk condition of any disagreement; set
 * COND_DATA_SEED to vary the data set.
 */

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
