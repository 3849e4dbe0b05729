import type { Knex } from 'knex';
import { searchIndexName } from './db-object.naming.js';
import type { SearchCast } from './field-storage.mapping.js';
import { SEARCH_COLUMN } from './storage.naming.js';

export interface SearchTerm {
  column: string;
  cast: SearchCast;
}

interface Expression {
  sql: string;
  bindings: string[];
}

function textOf(terms: readonly SearchTerm[]): Expression {
  const parts = terms.filter((t) => t.cast !== 'lexemes');
  if (parts.length === 0) return { sql: `''`, bindings: [] };
  return {
    sql: parts.map((t) => (t.cast === 'text' ? `coalesce(??, '')` : `coalesce(??::text, '')`)).join(` || ' ' || `),
    bindings: parts.map((t) => t.column),
  };
}

/*
 * Russian and English stemming over the same text, so "сделки" finds "сделка" and "deals" finds
 * "deal". Multienum values are codes, added as whole lexemes (array_to_tsvector rejects empty and
 * NULL elements, so those are removed first). Every function used here is immutable, which a
 * generated column requires.
 */
export function searchExpression(terms: readonly SearchTerm[]): Expression {
  const text = textOf(terms);
  const lexemes = terms.filter((t) => t.cast === 'lexemes');
  const sql = [
    `to_tsvector('russian'::regconfig, ${text.sql})`,
    `to_tsvector('english'::regconfig, ${text.sql})`,
    ...lexemes.map(() => `coalesce(array_to_tsvector(array_remove(array_remove(??, NULL), '')), ''::tsvector)`),
  ].join(' || ');
  return { sql, bindings: [...text.bindings, ...text.bindings, ...lexemes.map((t) => t.column)] };
}

export async function addSearchColumn(trx: Knex.Transaction, table: string, entityId: string, terms: readonly SearchTerm[]): Promise<void> {
  const expression = searchExpression(terms);
  await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? tsvector GENERATED ALWAYS AS (${expression.sql}) STORED`, [
    table,
    SEARCH_COLUMN,
    ...expression.bindings,
  ]);
  await trx.raw('CREATE INDEX ?? ON ?? USING gin (??)', [searchIndexName(entityId), table, SEARCH_COLUMN]);
}

/** Dropping the column drops its index with it. */
export async function dropSearchColumn(trx: Knex.Transaction, table: string): Promise<void> {
  await trx.raw('ALTER TABLE ?? DROP COLUMN IF EXISTS ??', [table, SEARCH_COLUMN]);
}
