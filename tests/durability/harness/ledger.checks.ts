import type { Knex } from 'knex';

/*
 * What the runtime left behind, read with SQL: the ledger of effects (one `ledger` record per
 * process step, keyed by run and step), the runs, and the engine's own step rows. A crash may
 * delay a step; it must never lose a run or apply a step twice.
 */

export interface LedgerAudit {
  /** Runs of the processes audited, by status. */
  runsByStatus: Record<string, number>;
  /** (run, step) pairs written more than once: a step applied twice. */
  duplicates: Array<{ run: string; step: string; n: number }>;
  /** (run, step) pairs a completed run should have written and did not: a step lost. */
  missing: Array<{ run: string; step: string }>;
  /** Engine step rows completed more than once for the same run, node and token. */
  doubleSteps: Array<{ run_id: string; node_id: string; token: string; n: number }>;
  /** Ledger rows whose run is not a run of these processes (written by a rolled-back run that still committed effects). */
  orphans: number;
}

export interface AuditSpec {
  process: string;
  /** Every step a completed run of it writes. */
  steps: readonly string[];
  /** Only these runs (default: all runs of the process). */
  runIds?: readonly string[];
}

function counts(rows: Array<{ status: string; n: number | string }>): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function auditLedger(knex: Knex, specs: readonly AuditSpec[]): Promise<LedgerAudit> {
  const runsByStatus: Record<string, number> = {};
  const duplicates: LedgerAudit['duplicates'] = [];
  const missing: LedgerAudit['missing'] = [];
  const doubleSteps: LedgerAudit['doubleSteps'] = [];
  let orphans = 0;
  for (const spec of specs) {
    const runs = knex('process_runs').where({ process: spec.process }).select(knex.raw('id::text AS id'));
    if (spec.runIds) runs.whereIn('id', [...spec.runIds]);
    const statusQuery = knex('process_runs').where({ process: spec.process }).groupBy('status').select('status', knex.raw('count(*) AS n'));
    if (spec.runIds) statusQuery.whereIn('id', [...spec.runIds]);
    for (const [status, n] of Object.entries(counts(await statusQuery))) runsByStatus[status] = (runsByStatus[status] ?? 0) + n;

    const dup: Array<{ run: string; step: string; n: number | string }> = await knex('rec_ledger')
      .whereNull('deleted_at')
      .whereIn('run', runs.clone())
      .groupBy('run', 'step')
      .havingRaw('count(*) > 1')
      .select('run', 'step', knex.raw('count(*) AS n'));
    duplicates.push(...dup.map((d) => ({ run: d.run, step: d.step, n: Number(d.n) })));

    const completed = knex('process_runs').where({ process: spec.process, status: 'completed' }).select(knex.raw('id::text AS id'));
    if (spec.runIds) completed.whereIn('id', [...spec.runIds]);
    const lost: Array<{ run: string; step: string }> = await knex
      .select('r.id AS run', 's.step')
      .from(completed.as('r'))
      .crossJoin(knex.raw('unnest(?::text[]) AS s(step)', [[...spec.steps]]))
      .whereNotExists(knex('rec_ledger AS l').whereRaw('l.run = r.id AND l.step = s.step AND l.deleted_at IS NULL'));
    missing.push(...lost);

    const doubled: Array<{ run_id: string; node_id: string; token: string; n: number | string }> = await knex('run_steps')
      .where({ status: 'completed' })
      .whereIn('run_id', knex('process_runs').where({ process: spec.process }).select('id'))
      .modify((q) => {
        if (spec.runIds) q.whereIn('run_id', [...spec.runIds]);
      })
      .groupBy('run_id', 'node_id', 'token')
      .havingRaw('count(*) > 1')
      .select('run_id', 'node_id', 'token', knex.raw('count(*) AS n'));
    doubleSteps.push(...doubled.map((d) => ({ ...d, n: Number(d.n) })));
  }
  if (specs.every((s) => !s.runIds)) {
    const row: { n?: number | string } | undefined = await knex('rec_ledger')
      .whereNull('deleted_at')
      .whereNotIn('run', knex('process_runs').select(knex.raw('id::text')))
      .count({ n: '*' })
      .first();
    orphans = Number(row?.n ?? 0);
  }
  return { runsByStatus, duplicates, missing, doubleSteps, orphans };
}

/** Ledger rows of one run by step, with when each was written. */
export async function ledgerOf(knex: Knex, runId: string): Promise<Array<{ step: string; created_at: string }>> {
  return knex('rec_ledger').where({ run: runId }).whereNull('deleted_at').select('step', 'created_at').orderBy('created_at');
}
