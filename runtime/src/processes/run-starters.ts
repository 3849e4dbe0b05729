import type { Knex } from 'knex';
import { personNames } from '../people/users.repository.js';

/*
 * Who started each manual run of a page, by name, in one query: a record's timeline says "started
 * by Мария Соколова" beside a process someone ran by hand. Runs caused by a save or a timer are
 * left as they are (their history says who saved). People's names are what every signed-in person
 * sees beside records already (owners, assignees).
 */

interface StartedRun {
  mode: string;
  actorId: string | null;
}

export async function withStarters<T extends StartedRun>(knex: Knex, runs: readonly T[]): Promise<Array<T & { startedBy?: { id: string; name: string } }>> {
  const ids = runs.flatMap((r) => (r.mode === 'manual' && r.actorId ? [r.actorId] : []));
  if (ids.length === 0) return [...runs];
  const names = await personNames(knex, ids);
  return runs.map((run) => {
    const name = run.mode === 'manual' && run.actorId ? names.get(run.actorId) : undefined;
    return run.actorId && name ? { ...run, startedBy: { id: run.actorId, name } } : run;
  });
}
