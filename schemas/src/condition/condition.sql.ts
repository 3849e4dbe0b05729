import { analyzeCondition, appTimeZone, type ConditionPlan, type LeafPlan } from './condition.analyze.js';
import { tableName, type FieldInfo, type Hop } from './condition.fields.js';
import { testLeaf } from './condition.leaf.js';
import { resolveOperands, type ResolveEnv, type Scalar } from './condition.operands.js';
import { instantToIso } from './condition.time.js';
import type { ConditionContext, ConditionIssue } from './condition.types.js';

/**
 * The SQL target: a parameterised WHERE fragment for PostgreSQL with knex-style `?` placeholders
 * (run it with `qb.whereRaw(sql, bindings)`). Values only ever travel as bindings; identifiers come
 * from the app definition and are quoted.
 *
 * Every fragment is written so that it is TRUE exactly when the predicate is true (it may be NULL
 * where the predicate is false). AND and OR keep that property; `not` is compiled as
 * `(x) IS NOT TRUE`, which turns NULL into true like the predicate's negation does. Dot paths become
 * EXISTS subqueries over the related table (soft-deleted rows count as absent); a leaf that is true
 * on an empty value (ne, nin, isEmpty) uses NOT EXISTS (... AND (leaf) IS NOT TRUE) instead, so a
 * missing related record behaves like an empty field.
 */

/**
 * The compiled fragment, or (ok: false) the issues that stop the condition from compiling. A
 * failed result still carries a safe fragment, `FALSE` with no bindings, so a caller that forgets
 * to look at `ok` selects nothing rather than everything.
 */
export type SqlCompileResult =
  | { ok: true; sql: string; bindings: SqlBinding[]; issues?: undefined }
  | { ok: false; sql: 'FALSE'; bindings: SqlBinding[]; issues: ConditionIssue[] };

/** A bound value: text (also dates, instants as ISO strings, uuids), a number or a boolean. */
export type SqlBinding = string | number | boolean;

interface Fragment {
  sql: string;
  bindings: SqlBinding[];
}

const TRUE: Fragment = { sql: 'TRUE', bindings: [] };
const FALSE: Fragment = { sql: 'FALSE', bindings: [] };

function raw(sql: string): Fragment {
  return { sql, bindings: [] };
}

function join(fragments: readonly Fragment[], separator: string): Fragment {
  return { sql: fragments.map((f) => f.sql).join(separator), bindings: fragments.flatMap((f) => f.bindings) };
}

function wrap(before: string, inner: Fragment, after: string): Fragment {
  return { sql: `${before}${inner.sql}${after}`, bindings: inner.bindings };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Quotes an identifier; refuses anything that is not a plain SQL name. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export function compileConditionToSql(condition: unknown, ctx: ConditionContext): SqlCompileResult {
  const analysis = analyzeCondition(condition, {
    app: ctx.app,
    entity: ctx.entity,
    allowTriggerOps: false,
    isFieldVisible: ctx.isFieldVisible,
  });
  if (!analysis.ok) return { ok: false, sql: 'FALSE', bindings: [], issues: analysis.issues };
  const alias = ctx.alias ?? tableName(ctx.entity);
  quoteIdentifier(alias);
  const compiler = new SqlCompiler(alias, { user: ctx.user, now: (ctx.now ?? new Date()).getTime(), timeZone: appTimeZone(ctx.app) });
  const fragment = compiler.plan(analysis.plan, alias);
  return { ok: true, sql: fragment.sql, bindings: fragment.bindings };
}

class SqlCompiler {
  private aliases = 0;

  constructor(
    private readonly outerAlias: string,
    private readonly env: ResolveEnv,
  ) {}

  plan(plan: ConditionPlan, alias: string): Fragment {
    switch (plan.kind) {
      case 'and':
      case 'or': {
        if (plan.items.length === 0) return plan.kind === 'and' ? TRUE : FALSE;
        const items = plan.items.map((item) => this.plan(item, alias));
        return items.length === 1 && items[0] ? items[0] : wrap('(', join(items, plan.kind === 'and' ? ' AND ' : ' OR '), ')');
      }
      case 'not':
        return wrap('(', this.plan(plan.item, alias), ') IS NOT TRUE');
      case 'leaf':
        return this.leaf(plan, alias);
    }
  }

  private nextAlias(): string {
    let alias: string;
    do alias = `c${++this.aliases}`;
    while (alias === this.outerAlias);
    return alias;
  }

  private leaf(leaf: LeafPlan, alias: string): Fragment {
    const field = leaf.path.leaf;
    const values = resolveOperands(leaf.operands, field.family, this.env);
    if (values === undefined) return FALSE;
    const trueWhenEmpty = testLeaf(field.family, leaf.op, null, values);
    return this.follow(leaf.path.hops, alias, trueWhenEmpty, (at) => leafSql(leaf, field, `${quoteIdentifier(at)}.${quoteIdentifier(field.name)}`, values));
  }

  /** Follows the many-to-one hops of a dot path, then applies the leaf to the last table. */
  private follow(hops: readonly Hop[], alias: string, trueWhenEmpty: boolean, leaf: (alias: string) => Fragment): Fragment {
    const [hop, ...rest] = hops;
    if (!hop) return leaf(alias);
    const inner = this.nextAlias();
    const from =
      `SELECT 1 FROM ${quoteIdentifier(tableName(hop.target))} AS ${quoteIdentifier(inner)}` +
      ` WHERE ${quoteIdentifier(inner)}."id" = ${quoteIdentifier(alias)}.${quoteIdentifier(hop.column)}` +
      ` AND ${quoteIdentifier(inner)}."deleted_at" IS NULL AND `;
    const condition = this.follow(rest, inner, trueWhenEmpty, leaf);
    return trueWhenEmpty
      ? wrap(`NOT EXISTS (${from}(`, condition, ') IS NOT TRUE)')
      : wrap(`EXISTS (${from}`, condition, ')');
  }
}

/** One bound value, cast to the column's type so PostgreSQL never has to guess. */
function param(field: FieldInfo, value: Scalar): Fragment {
  switch (field.family) {
    case 'number': {
      const type = field.sqlType === 'bigint' && typeof value === 'number' && Number.isSafeInteger(value) ? 'bigint' : 'numeric';
      return { sql: `CAST(? AS ${type})`, bindings: [value] };
    }
    case 'boolean':
      return { sql: 'CAST(? AS boolean)', bindings: [value] };
    case 'date':
      return { sql: 'CAST(? AS date)', bindings: [value] };
    case 'datetime':
      return { sql: 'CAST(? AS timestamptz)', bindings: [typeof value === 'number' ? instantToIso(value) : value] };
    case 'uuid':
      return { sql: 'CAST(? AS uuid)', bindings: [value] };
    case 'text':
    case 'enum':
    case 'multienum':
    case 'file':
      return { sql: 'CAST(? AS text)', bindings: [String(value)] };
  }
}

/** Escapes LIKE wildcards with "!" (no backslashes, so standard_conforming_strings never matters). */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (char) => `!${char}`);
}

function emptySql(field: FieldInfo, column: string): string {
  switch (field.family) {
    case 'text':
    case 'enum':
      return `(${column} IS NULL OR ${column} = '')`;
    case 'multienum':
      return `(${column} IS NULL OR cardinality(${column}) = 0)`;
    case 'file':
      return `(${column} IS NULL OR ${column} = 'null'::jsonb OR ${column} = '[]'::jsonb)`;
    default:
      return `${column} IS NULL`;
  }
}

function notEmptySql(field: FieldInfo, column: string): string {
  switch (field.family) {
    case 'text':
    case 'enum':
      return `${column} <> ''`;
    case 'multienum':
      return `cardinality(${column}) > 0`;
    case 'file':
      return `NOT ${emptySql(field, column)}`;
    default:
      return `${column} IS NOT NULL`;
  }
}

const COMPARISONS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function leafSql(leaf: LeafPlan, field: FieldInfo, column: string, values: readonly Scalar[]): Fragment {
  const params = values.map((value) => param(field, value));
  const [first, second] = params;
  switch (leaf.op) {
    case 'isEmpty':
      return raw(emptySql(field, column));
    case 'isNotEmpty':
      return raw(notEmptySql(field, column));
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return first ? wrap(`${column} ${COMPARISONS[leaf.op]} `, first, '') : FALSE;
    case 'ne':
      return first ? wrap(`${column} IS DISTINCT FROM `, first, '') : TRUE;
    case 'in':
      return params.length === 0 ? FALSE : wrap(`${column} IN (`, join(params, ', '), ')');
    case 'nin':
      return params.length === 0 ? TRUE : wrap(`(${column} IS NULL OR ${column} NOT IN (`, join(params, ', '), '))');
    case 'between':
      return first && second ? join([raw(`${column} BETWEEN`), first, raw('AND'), second], ' ') : FALSE;
    case 'contains':
      if (field.family === 'multienum') {
        return params.length === 0 ? raw(`${column} IS NOT NULL`) : wrap(`${column} @> ARRAY[`, join(params, ', '), ']');
      }
      return like(column, `%${escapeLike(String(values[0] ?? ''))}%`);
    case 'startsWith':
      return like(column, `${escapeLike(String(values[0] ?? ''))}%`);
    case 'changed':
    case 'changedTo':
      // Refused by the analysis (trigger-only); kept false should the table ever change.
      return FALSE;
  }
}

function like(column: string, pattern: string): Fragment {
  return { sql: `lower(${column}) LIKE lower(?) ESCAPE '!'`, bindings: [pattern] };
}
