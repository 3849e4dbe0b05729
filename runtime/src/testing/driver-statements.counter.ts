import type { Knex } from 'knex';

/**
 * Counts every statement knex hands its driver, BEGIN, COMMIT and savepoints included (knex's
 * 'query' event leaves those out, and each is a round trip): the client's `_query`, which the
 * clients of its transactions share through the prototype, wrapped for this knex's handles.
 */
export function countDriverStatements(knex: Knex): { take(): string[]; stop(): void } {
  type Send = (connection: unknown, query: { sql?: unknown }) => Promise<unknown>;
  const client = knex.client as { config: unknown; _query: Send };
  const proto = Object.getPrototypeOf(client) as { _query: Send };
  const original = proto._query;
  let sent: string[] = [];
  proto._query = function (this: { config: unknown }, connection, query) {
    if (this.config === client.config) sent.push(String(query.sql));
    return original.call(this, connection, query);
  };
  return {
    take() {
      const out = sent;
      sent = [];
      return out;
    },
    stop() {
      proto._query = original;
    },
  };
}
