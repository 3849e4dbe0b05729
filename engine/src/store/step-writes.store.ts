import type { Knex } from 'knex';
import type { StepWrite } from '../nodes/node-type.js';
import type { StepRecord } from '../run/run-state.types.js';

/*
 * The rows steps write with their own run-history rows (NodeContext.writeWithStep), as statements
 * not yet sent: one multi-row INSERT per table and conflict column, however many steps wrote rows
 * there. Whoever writes the steps' rows sends these with them (session.flusher.ts in the batch's
 * statement, run-steps.store.ts for a step written at once, a before-save save with its record), so
 * a task exists exactly when the step that made it is in run history.
 */

/** The INSERTs of the steps' rows, in first-written order of their tables; none when no step wrote one. */
export function stepWritesQueries(db: Knex, steps: readonly StepRecord[]): Knex.QueryBuilder[] {
  const groups = new Map<string, { table: string; column: string; rows: StepWrite['row'][] }>();
  for (const step of steps) {
    for (const write of step.writes ?? []) {
      const key = `${write.table}\u0000${write.ignoreConflictOn}`;
      const group = groups.get(key) ?? { table: write.table, column: write.ignoreConflictOn, rows: [] };
      group.rows.push(write.row);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ table, column, rows }) => db(table).insert(rows).onConflict(column).ignore());
}
