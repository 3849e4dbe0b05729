import type { Knex } from 'knex';

/*
 * Counts and times every query a knex instance sends, through knex's 'query' and 'query-response'
 * events, so a profile can say how many round trips one request costs and which ones.
 */

export interface RecordedQuery {
  sql: string;
  ms: number;
}

interface QueryEvent {
  sql?: unknown;
  __knexQueryUid?: unknown;
}

export class QueryRecorder {
  private readonly started = new Map<string, { sql: string; at: number }>();
  queries: RecordedQuery[] = [];

  constructor(knex: Knex) {
    knex.on('query', (event: QueryEvent) => {
      if (typeof event.__knexQueryUid === 'string') this.started.set(event.__knexQueryUid, { sql: String(event.sql), at: performance.now() });
    });
    const done = (_response: unknown, event: QueryEvent): void => {
      if (typeof event.__knexQueryUid !== 'string') return;
      const start = this.started.get(event.__knexQueryUid);
      this.started.delete(event.__knexQueryUid);
      if (start) this.queries.push({ sql: start.sql, ms: performance.now() - start.at });
    };
    knex.on('query-response', done);
    knex.on('query-error', (_error: unknown, event: QueryEvent) => done(null, event));
  }

  /** Takes what was recorded since the last take. */
  take(): RecordedQuery[] {
    const out = this.queries;
    this.queries = [];
    return out;
  }
}

/** The statements of a batch, grouped by their text with bindings left as they are, most frequent first. */
export function groupQueries(queries: readonly RecordedQuery[], per: number): Array<{ sql: string; count: number; ms: number }> {
  const groups = new Map<string, { count: number; ms: number }>();
  for (const q of queries) {
    const key = q.sql.replace(/\s+/g, ' ').slice(0, 220);
    const g = groups.get(key) ?? { count: 0, ms: 0 };
    g.count += 1;
    g.ms += q.ms;
    groups.set(key, g);
  }
  return [...groups.entries()].map(([sql, g]) => ({ sql, count: g.count / per, ms: g.ms / per })).sort((a, b) => b.count - a.count || b.ms - a.ms);
}

export { countDriverStatements } from '@crm/runtime/testing';
