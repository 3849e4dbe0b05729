import type { Knex } from 'knex';

/**
 * Every table of the database and how many rows it holds (the definition's tables included), by
 * name: what an all-or-nothing write is checked against before and after it fails.
 */
export async function tableRowCounts(knex: Knex): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await knex('information_schema.tables')
    .where({ table_schema: knex.raw('current_schema()'), table_type: 'BASE TABLE' })
    .select('table_name');
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables.sort((a, b) => a.table_name.localeCompare(b.table_name))) {
    const [row] = await knex(table).count<Array<{ count: string | number }>>('* as count');
    counts[table] = Number(row?.count ?? 0);
  }
  return counts;
}
