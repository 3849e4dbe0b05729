import { describe, expect, it } from 'vitest';
import { COMPANY_ID, USER_ID, conditionTestApp } from './condition-test-app.fixture.js';
import { compileConditionToSql, escapeLike } from './condition.sql.js';
import type { ConditionContext } from './condition.types.js';

const NOW = new Date('2024-03-01T10:00:00.000Z');

function ctx(extra: Partial<ConditionContext> = {}): ConditionContext {
  return { app: conditionTestApp(), entity: 'deal', now: NOW, alias: 't0', user: { id: USER_ID, region: 'north' }, ...extra };
}

function sql(condition: unknown, extra: Partial<ConditionContext> = {}): { sql: string; bindings: unknown[] } {
  const result = compileConditionToSql(condition, ctx(extra));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { sql: result.sql, bindings: result.bindings };
}

describe('compileConditionToSql: leaves', () => {
  it.each([
    [{ field: 'amount', op: 'gt', value: 100000 }, '"t0"."amount" > CAST(? AS numeric)', [100000]],
    [{ field: 'qty', op: 'lte', value: 3 }, '"t0"."qty" <= CAST(? AS bigint)', [3]],
    [{ field: 'qty', op: 'gte', value: 2.5 }, '"t0"."qty" >= CAST(? AS numeric)', [2.5]],
    [{ field: 'score', op: 'eq', value: -1 }, '"t0"."score" = CAST(? AS numeric)', [-1]],
    [{ field: 'probability', op: 'lt', value: 50 }, '"t0"."probability" < CAST(? AS numeric)', [50]],
    [{ field: 'title', op: 'ne', value: 'x' }, '"t0"."title" IS DISTINCT FROM CAST(? AS text)', ['x']],
    [{ field: 'hot', op: 'eq', value: false }, '"t0"."hot" = CAST(? AS boolean)', [false]],
    [{ field: 'close_date', op: 'between', value: ['2024-01-01', '2024-12-31'] }, '"t0"."close_date" BETWEEN CAST(? AS date) AND CAST(? AS date)', ['2024-01-01', '2024-12-31']],
    [{ field: 'due_at', op: 'gt', value: '2024-03-01T13:00:00+03:00' }, '"t0"."due_at" > CAST(? AS timestamptz)', ['2024-03-01T10:00:00.000Z']],
    [{ field: 'stage', op: 'in', value: ['new', 'won'] }, '"t0"."stage" IN (CAST(? AS text), CAST(? AS text))', ['new', 'won']],
    [{ field: 'stage', op: 'nin', value: ['new'] }, '("t0"."stage" IS NULL OR "t0"."stage" NOT IN (CAST(? AS text)))', ['new']],
    [{ field: 'stage', op: 'in', value: [] }, 'FALSE', []],
    [{ field: 'stage', op: 'nin', value: [] }, 'TRUE', []],
    [{ field: 'company', op: 'eq', value: COMPANY_ID.toUpperCase() }, '"t0"."company" = CAST(? AS uuid)', [COMPANY_ID]],
    [{ field: 'manager', op: 'eq', value: '$user' }, '"t0"."manager" = CAST(? AS uuid)', [USER_ID]],
    [{ field: 'tags', op: 'contains', value: ['vip', 'partner'] }, '"t0"."tags" @> ARRAY[CAST(? AS text), CAST(? AS text)]', ['vip', 'partner']],
    [{ field: 'tags', op: 'contains', value: [] }, '"t0"."tags" IS NOT NULL', []],
    [{ field: 'tags', op: 'isEmpty' }, '("t0"."tags" IS NULL OR cardinality("t0"."tags") = 0)', []],
    [{ field: 'tags', op: 'isNotEmpty' }, 'cardinality("t0"."tags") > 0', []],
    [{ field: 'title', op: 'isEmpty' }, `("t0"."title" IS NULL OR "t0"."title" = '')`, []],
    [{ field: 'title', op: 'isNotEmpty' }, `"t0"."title" <> ''`, []],
    [{ field: 'amount', op: 'isEmpty' }, '"t0"."amount" IS NULL', []],
    [{ field: 'contract', op: 'isEmpty' }, `("t0"."contract" IS NULL OR "t0"."contract" = 'null'::jsonb OR "t0"."contract" = '[]'::jsonb)`, []],
  ])('%j', (condition, expectedSql, expectedBindings) => {
    expect(sql(condition)).toEqual({ sql: expectedSql, bindings: expectedBindings });
  });

  it('contains and startsWith fold case on both sides and escape LIKE wildcards in the binding', () => {
    expect(sql({ field: 'title', op: 'contains', value: '100%_!\\' })).toEqual({
      sql: `lower("t0"."title") LIKE lower(?) ESCAPE '!'`,
      bindings: ['%100!%!_!!\\%'],
    });
    expect(sql({ field: 'email', op: 'startsWith', value: 'Сдел' })).toEqual({
      sql: `lower("t0"."email") LIKE lower(?) ESCAPE '!'`,
      bindings: ['Сдел%'],
    });
    expect(escapeLike('a%b_c!d')).toBe('a!%b!_c!!d');
  });

  it('resolves $now, $today and durations at compile time', () => {
    expect(sql({ field: 'due_at', op: 'gte', value: { $now: '-P7D' } }).bindings).toEqual(['2024-02-23T10:00:00.000Z']);
    expect(sql({ field: 'close_date', op: 'eq', value: '$today' }).bindings).toEqual(['2024-03-01']);
    expect(sql({ field: 'due_at', op: 'gte', value: '$today' }).bindings).toEqual(['2024-02-29T21:00:00.000Z']);
    expect(sql({ field: 'region', op: 'eq', value: '$user.region' }).bindings).toEqual(['north']);
  });

  it('compiles a leaf on $user to FALSE when there is no user', () => {
    expect(sql({ field: 'manager', op: 'ne', value: '$user' }, { user: undefined })).toEqual({ sql: 'FALSE', bindings: [] });
  });
});

describe('compileConditionToSql: logic and paths', () => {
  it('keeps bindings in placeholder order and negates with IS NOT TRUE', () => {
    expect(
      sql({ and: [{ field: 'qty', op: 'eq', value: 1 }, { not: { or: [{ field: 'title', op: 'eq', value: 'a' }, { field: 'qty', op: 'eq', value: 2 }] } }] }),
    ).toEqual({
      sql: '("t0"."qty" = CAST(? AS bigint) AND (("t0"."title" = CAST(? AS text) OR "t0"."qty" = CAST(? AS bigint))) IS NOT TRUE)',
      bindings: [1, 'a', 2],
    });
    expect(sql({ and: [] }).sql).toBe('TRUE');
    expect(sql({ or: [] }).sql).toBe('FALSE');
  });

  it('follows a path with EXISTS over live related rows', () => {
    expect(sql({ field: 'company.city', op: 'eq', value: 'Казань' })).toEqual({
      sql: 'EXISTS (SELECT 1 FROM "rec_company" AS "c1" WHERE "c1"."id" = "t0"."company" AND "c1"."deleted_at" IS NULL AND "c1"."city" = CAST(? AS text))',
      bindings: ['Казань'],
    });
  });

  it('uses NOT EXISTS for a leaf that an empty value satisfies, so a missing company matches ne', () => {
    expect(sql({ field: 'company.parent.city', op: 'ne', value: 'x' }).sql).toBe(
      'NOT EXISTS (SELECT 1 FROM "rec_company" AS "c1" WHERE "c1"."id" = "t0"."company" AND "c1"."deleted_at" IS NULL AND (' +
        'NOT EXISTS (SELECT 1 FROM "rec_company" AS "c2" WHERE "c2"."id" = "c1"."parent" AND "c2"."deleted_at" IS NULL AND (' +
        '"c2"."city" IS DISTINCT FROM CAST(? AS text)) IS NOT TRUE)) IS NOT TRUE)',
    );
  });

  it('defaults the outer alias to the table and never reuses it for a subquery', () => {
    expect(sql({ field: 'qty', op: 'isEmpty' }, { alias: undefined }).sql).toBe('"rec_deal"."qty" IS NULL');
    expect(sql({ field: 'company.size', op: 'gt', value: 1 }, { alias: 'c1' }).sql).toContain('AS "c2" WHERE "c2"."id" = "c1"."company"');
  });

  it('refuses an alias that is not a plain identifier', () => {
    expect(() => compileConditionToSql({ and: [] }, ctx({ alias: 'x"; drop table y; --' }))).toThrow(/identifier/);
  });
});

describe('compileConditionToSql: refusals', () => {
  it('returns the issues, and a FALSE fragment, for trigger operators and unknown fields', () => {
    const trigger = compileConditionToSql({ field: 'stage', op: 'changed' }, ctx());
    expect(trigger).toMatchObject({ ok: false, sql: 'FALSE', bindings: [], issues: [{ path: '/op', code: 'trigger-only-operator' }] });
    const unknown = compileConditionToSql({ field: 'nope', op: 'eq', value: 1 }, ctx());
    expect(unknown).toMatchObject({ ok: false, issues: [{ code: 'unknown-field' }] });
  });

  it('hides fields the caller may not see', () => {
    const result = compileConditionToSql({ field: 'amount', op: 'gt', value: 1 }, ctx({ isFieldVisible: (_e, field) => field !== 'amount' }));
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'unknown-field' }] });
  });
});
