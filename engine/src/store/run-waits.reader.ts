import type { Knex } from 'knex';
import { isUuid } from './run-history.reader.js';

/*
 * What a waiting run waits for, for a page of runs in two queries: a record's timeline says
 * "ждёт согласования: Иван Петров, до 09.12" or "ждёт до 10.12, 09:00" rather than only "waiting".
 * An approval step waits on its open approval tasks (one per approver; only the undecided ones);
 * a Wait step on its timer. A step waiting for a record to change says nothing more here.
 */

export type RunWait = { kind: 'approval'; nodeId: string; assigneeId: string | null; dueAt: string | null } | { kind: 'timer'; nodeId: string; until: string };

function isoOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export async function runWaits(db: Knex, runIds: readonly string[]): Promise<Map<string, RunWait[]>> {
  const ids = runIds.filter(isUuid);
  const waits = new Map<string, RunWait[]>();
  if (ids.length === 0) return waits;
  const jobs: Array<{ run_id: string; node_id: string; due_at: unknown }> = await db('run_jobs').whereIn('run_id', ids).andWhere({ status: 'waiting' }).select('run_id', 'node_id', 'due_at').orderBy('id');
  if (jobs.length === 0) return waits;
  const approvals: Array<{ run_id: string; node_id: string; assignee_id: string | null; due_at: unknown }> = await db('human_tasks')
    .whereIn('run_id', ids)
    .andWhere({ kind: 'approval', status: 'open' })
    .select('run_id', 'node_id', 'assignee_id', 'due_at')
    .orderBy('created_at');
  const add = (runId: string, wait: RunWait): void => {
    waits.set(runId, [...(waits.get(runId) ?? []), wait]);
  };
  for (const job of jobs) {
    const open = approvals.filter((a) => a.run_id === job.run_id && a.node_id === job.node_id);
    if (open.length > 0) {
      for (const task of open) add(job.run_id, { kind: 'approval', nodeId: job.node_id, assigneeId: task.assignee_id, dueAt: isoOf(task.due_at) });
      continue;
    }
    const until = isoOf(job.due_at);
    if (until) add(job.run_id, { kind: 'timer', nodeId: job.node_id, until });
  }
  return waits;
}
