import fs from 'node:fs';
import { openBaselineDb } from './baseline-db.js';

/*
 * The async-runs baseline: what a run of bench_call_followup does, as plain SQL in one transaction
 * per run, with no engine: read the activity (the condition), UPDATE it, INSERT the task. Each
 * worker process takes its share of the activities whose subject starts with BENCH_PREFIX
 * (every BENCH_WORKERS-th, from BENCH_WORKER_INDEX) and runs BENCH_CONCURRENCY transactions at once.
 * Writes {runs, startedAt, finishedAt, latencies} (epoch ms; latencies per run in ms) to BENCH_RESULT_FILE.
 */

const db = await openBaselineDb({ ...process.env, BENCH_POOL_MAX: process.env.BENCH_CONCURRENCY ?? '4' });
const workers = Number(process.env.BENCH_WORKERS ?? 1);
const index = Number(process.env.BENCH_WORKER_INDEX ?? 0);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 1);
const prefix = process.env.BENCH_PREFIX ?? 'plain ';

const all = await db.transaction((query) => query<{ id: string }>(`SELECT id::text AS id FROM rec_activity WHERE subject LIKE $1 || '%' ORDER BY id`, [prefix]));
const mine = all.filter((_, i) => i % workers === index).map((row) => row.id);

async function runOne(id: string): Promise<void> {
  await db.transaction(async (query) => {
    const [activity] = await query<{ kind: string; subject: string; owner: string }>('SELECT kind, subject, owner::text AS owner FROM rec_activity WHERE id = $1 FOR UPDATE', [id]);
    if (!activity || activity.kind !== 'call') return;
    await query('UPDATE rec_activity SET done = true, version = version + 1, updated_at = now() WHERE id = $1', [id]);
    await query(
      `INSERT INTO human_tasks (kind, title, assignee_id, due_at, entity, record_id) VALUES ('task', $1, $2, now() + interval '1 day', 'activity', $3)`,
      [`Follow up: ${activity.subject}`, activity.owner, id],
    );
  });
}

const latencies: number[] = [];
let next = 0;
const startedAt = Date.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < mine.length) {
      const id = mine[next];
      next += 1;
      if (id === undefined) break;
      const t = performance.now();
      await runOne(id);
      latencies.push(performance.now() - t);
    }
  }),
);
const finishedAt = Date.now();
await db.close();
fs.writeFileSync(process.env.BENCH_RESULT_FILE ?? 'plain-runs.json', JSON.stringify({ runs: latencies.length, startedAt, finishedAt, latencies }));
