import type { DbBench } from '../db-bench.context.js';
import { sequentialLatencies, summarize } from '../harness/latency.stats.js';
import type { SqlSession } from '../harness/sql.session.js';
import { figure, type Figure } from '../report/figure.types.js';
import { SEARCH_WORDS } from '../setup/deals.generator.js';

/*
 * Lists at scale, one request at a time (latency, not throughput), as signed-in sales reps whose
 * read scope is their own deals:
 *   list    a filter on an indexed field, a sort and a page of 50, two shapes in turn:
 *           stage = S sorted by amount descending; amount ≥ A sorted by close date
 *   search  full-text `q` (one word), newest first, a page of 50
 * Baseline: the same queries hand-written in SQL (owner = me, not deleted, the filter, the order
 * with the id as tiebreak, 51 rows), sent from the bench process.
 */

const STAGES = ['lead', 'qualified', 'proposal', 'contract', 'won', 'lost'];
const COLUMNS =
  'id, version, owner, created_at, created_by, updated_at, updated_by, deleted_at, title, amount, margin, discount, stage, close_date, region, source, description, lost_reason, company, contact';

interface ListCase {
  path: string;
  sql: string;
  params: unknown[];
}

export function listCase(i: number, rep: string): ListCase {
  if (i % 2 === 0) {
    const stage = STAGES[(i >> 1) % STAGES.length] ?? 'lead';
    const filter = JSON.stringify({ field: 'stage', op: 'eq', value: stage });
    return {
      path: `/api/records/deal?filter=${encodeURIComponent(filter)}&sort=-amount&limit=50`,
      sql: `SELECT ${COLUMNS} FROM rec_deal WHERE owner = $1 AND deleted_at IS NULL AND stage = $2 ORDER BY amount DESC, id ASC LIMIT 51`,
      params: [rep, stage],
    };
  }
  const amount = 1_000_000 + ((i * 104_729) % 900_000);
  const filter = JSON.stringify({ field: 'amount', op: 'gte', value: amount });
  return {
    path: `/api/records/deal?filter=${encodeURIComponent(filter)}&sort=close_date&limit=50`,
    sql: `SELECT ${COLUMNS} FROM rec_deal WHERE owner = $1 AND deleted_at IS NULL AND amount >= $2 ORDER BY close_date ASC, id ASC LIMIT 51`,
    params: [rep, amount],
  };
}

export function searchCase(i: number, rep: string): ListCase {
  const word = SEARCH_WORDS[(i * 7) % SEARCH_WORDS.length] ?? 'поставка';
  return {
    path: `/api/records/deal?q=${encodeURIComponent(word)}&limit=50`,
    sql: `SELECT ${COLUMNS} FROM rec_deal WHERE owner = $1 AND deleted_at IS NULL
            AND _search @@ (websearch_to_tsquery('russian', $2) || websearch_to_tsquery('english', $2))
          ORDER BY created_at DESC, id ASC LIMIT 51`,
    params: [rep, word],
  };
}

export interface ListTimings {
  list: number[];
  search: number[];
  /** Rows on the pages, to check both sides found something. */
  listRows: number;
  searchRows: number;
}

export async function handWrittenLists(bench: DbBench, sql: SqlSession): Promise<ListTimings> {
  const { warmup, samples, maxS } = bench.options.scale.lists;
  const reps = bench.people.signedIn;
  let listRows = 0;
  let searchRows = 0;
  const spec = { warmup, count: samples, maxMs: maxS * 1000 };
  const list = await sequentialLatencies(async (i) => {
    const c = listCase(i, reps[i % reps.length]?.id ?? '');
    listRows += (await sql.query(c.sql, c.params)).length;
  }, spec);
  const search = await sequentialLatencies(async (i) => {
    const c = searchCase(i, reps[i % reps.length]?.id ?? '');
    searchRows += (await sql.query(c.sql, c.params)).length;
  }, spec);
  return { list, search, listRows, searchRows };
}

export async function productLists(bench: DbBench): Promise<ListTimings> {
  await bench.runtime();
  const { warmup, samples, maxS } = bench.options.scale.lists;
  const reps = bench.people.signedIn;
  let listRows = 0;
  let searchRows = 0;
  const spec = { warmup, count: samples, maxMs: maxS * 1000 };
  const page = async (i: number, make: (i: number, rep: string) => ListCase): Promise<number> => {
    const rep = reps[i % reps.length];
    if (!rep) throw new Error('no signed-in rep');
    const body = await rep.api.get<{ data: Array<{ owner: string }> }>(make(i, rep.id).path);
    if (body.data.some((d) => d.owner !== rep.id)) throw new Error('a sales rep was shown a deal that is not theirs');
    return body.data.length;
  };
  const list = await sequentialLatencies(async (i) => {
    listRows += await page(i, listCase);
  }, spec);
  const search = await sequentialLatencies(async (i) => {
    searchRows += await page(i, searchCase);
  }, spec);
  return { list, search, listRows, searchRows };
}

export function listFigures(bench: DbBench, deals: number, ours: ListTimings, sql: ListTimings): Figure[] {
  const db = bench.db;
  if (ours.listRows === 0 || ours.searchRows === 0) throw new Error(`the product's pages were empty (list ${ours.listRows} rows, search ${ours.searchRows})`);
  const o = { list: summarize(ours.list), search: summarize(ours.search) };
  const b = { list: summarize(sql.list), search: summarize(sql.search) };
  const baselineName = 'hand-written SQL';
  const note = `${deals.toLocaleString('en')} deals, ${o.list.count} pages`;
  return [
    figure({ scenario: 'lists', db, metric: 'list p50 ms', value: o.list.p50, baseline: b.list.p50, baselineName }),
    figure({ scenario: 'lists', db, metric: 'list p95 ms', value: o.list.p95, baseline: b.list.p95, baselineName, goal: { text: '< 50 ms', on: 'value', kind: 'max', limit: 50 }, note }),
    figure({ scenario: 'lists', db, metric: 'search p50 ms', value: o.search.p50, baseline: b.search.p50, baselineName }),
    figure({ scenario: 'lists', db, metric: 'search p95 ms', value: o.search.p95, baseline: b.search.p95, baselineName, goal: { text: '< 100 ms', on: 'value', kind: 'max', limit: 100 } }),
  ];
}
