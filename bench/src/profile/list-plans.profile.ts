import { parseArgs } from 'node:util';
import { createRuntime, ensureFirstAdmin, installTemplate, openDatabase } from '@crm/runtime';
import { CleanupRegistry } from '../harness/cleanup.registry.js';
import { createPostgresTarget, DEFAULT_BENCH_SERVER } from '../harness/bench.database.js';
import { openPostgresSession } from '../harness/sql.session.js';
import { BENCH_ADMIN_PASSWORD } from '../harness/runtime.child.js';
import { generateDeals } from '../setup/deals.generator.js';
import { listCase, searchCase } from '../scenarios/lists.scenario.js';

/*
 * Why a rep's list is as fast or slow as it is: the b2b-sales tables made by the product, N
 * generated deals over R reps (as in the bench), then EXPLAIN (ANALYZE, BUFFERS) of the
 * hand-written list and search queries of the lists scenario, which select what the product's
 * select (the product adds the read scope, `deleted_at IS NULL` and the keyset order the same way).
 *
 *   node --no-node-snapshot --import tsx bench/src/profile/list-plans.profile.ts [--deals 1000000] [--reps 200]
 */

const { values } = parseArgs({ options: { deals: { type: 'string', default: '1000000' }, reps: { type: 'string', default: '200' } } });
const registry = new CleanupRegistry();
try {
  const target = await createPostgresTarget(process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_SERVER, registry);
  const db = await openDatabase({ url: target.url ?? undefined });
  registry.add('close the database', () => db.close());
  const runtime = await createRuntime(db);
  registry.add('stop the engine', () => runtime.engine.stop());
  await ensureFirstAdmin(db.knex, BENCH_ADMIN_PASSWORD);
  await installTemplate(runtime, 'b2b-sales');
  const reps: string[] = [];
  for (let i = 0; i < Number(values.reps); i += 1) {
    const [row] = await db.knex('users').insert({ email: `plan.rep${i}@example.com`, name: `rep ${i}`, roles: ['sales_rep'] }).returning('id');
    if (row) reps.push(String(row.id));
  }
  const sql = await openPostgresSession(target.url ?? '', 1);
  registry.add('close the SQL session', () => sql.close());
  await generateDeals(sql, Number(values.deals), reps, (n) => console.log(`${n} deals`));
  const rep = reps[0] ?? '';
  const cases = [
    { title: 'list: stage = S order by amount desc', c: listCase(0, rep) },
    { title: 'list: amount >= A order by close_date', c: listCase(1, rep) },
    { title: 'search: q = one word, newest first', c: searchCase(0, rep) },
  ];
  for (const { title, c } of cases) {
    const plan = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.params);
    console.log(`\n== ${title}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
} finally {
  for (const failure of await registry.runAll()) console.error(`cleanup: ${failure}`);
}
