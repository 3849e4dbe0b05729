import type { Knex } from 'knex';
import type { PlanStep } from './plan-step.types.js';

/*
 * A dry run says how much data each destructive step would archive, so the publish dialog can say
 * "drops the field amount: 1 240 records hold a value" before the analyst confirms. Counted on the
 * live tables (drops run first, so their names are still the live ones); only a dry run counts,
 * the publish itself does not pay for it.
 */

async function count(query: Knex.QueryBuilder): Promise<number> {
  const [row]: Array<{ n: string | number }> = await query.count({ n: '*' });
  return Number(row?.n ?? 0);
}

async function rowsOf(knex: Knex, step: PlanStep): Promise<number | null> {
  switch (step.kind) {
    case 'drop-field':
      return count(knex(step.table).whereNotNull(step.column));
    case 'drop-link':
      return count(knex(step.table));
    case 'drop-entity':
      return count(knex(step.table));
    default:
      return null;
  }
}

/** The plan with `rows` on each destructive step: the records (or links) whose data it archives. */
export async function withRowCounts(knex: Knex, plan: readonly PlanStep[]): Promise<PlanStep[]> {
  const counted: PlanStep[] = [];
  for (const step of plan) {
    const rows = step.destructive ? await rowsOf(knex, step) : null;
    counted.push(rows === null ? step : { ...step, rows });
  }
  return counted;
}
