import { runWaits } from '@crm/engine';
import type { RunWaitSummary } from '@crm/schemas';
import type { Knex } from 'knex';
import { personNames } from '../people/users.repository.js';

/*
 * What each waiting run of a page waits for, by name: "ждёт согласования: Иван Петров, до 09.12",
 * or a Wait step's time. The engine reads the open approvals and timers (run-waits.reader.ts);
 * people's names are what every signed-in person sees beside records already. A run waiting for a
 * record to change, or not waiting, is left as it is.
 */

interface WaitingRun {
  id: string;
  status: string;
}

export async function withWaits<T extends WaitingRun>(knex: Knex, runs: readonly T[]): Promise<Array<T & { waitingOn?: RunWaitSummary[] }>> {
  const waiting = runs.filter((r) => r.status === 'waiting').map((r) => r.id);
  if (waiting.length === 0) return [...runs];
  const waits = await runWaits(knex, waiting);
  const names = await personNames(knex, [...waits.values()].flatMap((list) => list.flatMap((w) => (w.kind === 'approval' && w.assigneeId ? [w.assigneeId] : []))));
  return runs.map((run) => {
    const list = waits.get(run.id);
    if (!list || list.length === 0) return run;
    const waitingOn = list.map((w): RunWaitSummary => {
      if (w.kind === 'timer') return { kind: 'timer', until: w.until };
      const name = w.assigneeId ? names.get(w.assigneeId) : undefined;
      return { kind: 'approval', who: w.assigneeId && name ? { id: w.assigneeId, name } : null, dueAt: w.dueAt };
    });
    return { ...run, waitingOn };
  });
}
