import type { BenchOptions } from './bench.options.js';
import { createPgliteTarget, createPostgresTarget, type DbKind } from './harness/bench.database.js';
import type { CleanupRegistry } from './harness/cleanup.registry.js';
import { DbBench } from './db-bench.context.js';
import { progress, type FigureRecorder } from './report/figure.recorder.js';
import { seniorManagerIds, setupPeople } from './setup/crm.setup.js';
import { createFigures, measureBareCreate, measureProductCreate } from './scenarios/routed-create.scenario.js';
import { createBacklog, measureAsyncRuns } from './scenarios/async-runs.scenario.js';
import { handWrittenLists, listFigures, productLists, type ListTimings } from './scenarios/lists.scenario.js';
import { funnelFigures, handWrittenFunnel, productFunnel } from './scenarios/funnel.scenario.js';
import { importFigures, plainCopy, productImport, type ImportTiming } from './scenarios/import.scenario.js';
import { generateDeals } from './setup/deals.generator.js';
import { measureNodeRed, peerFigures } from './scenarios/peers.scenario.js';

/*
 * The scenarios of one database, in an order that keeps them apart: routed create (and the peers,
 * compared with it) on a small table, async runs, then the million deals for lists, the funnel and
 * import. The product runs HTTP-only except while async runs are measured.
 */

export async function runOnDatabase(kind: DbKind, options: BenchOptions, registry: CleanupRegistry, recorder: FigureRecorder): Promise<string> {
  const target = kind === 'postgres' ? await createPostgresTarget(options.serverUrl, registry) : await createPgliteTarget(registry);
  const bench = new DbBench(target, options, registry, recorder);
  const description = await target.describe();
  const wants = (s: string): boolean => options.scenarios.some((x) => x === s);
  try {
    const product = await bench.runtime();
    bench.people = await setupPeople(product.baseUrl, options.scale);
    bench.seniorIds = await seniorManagerIds(bench.people.admin);
    progress(`${kind}: ${bench.people.repIds.length} reps and ${bench.seniorIds.length} senior managers`);

    const createMeasured = wants('create') || (wants('peers') && kind === 'postgres');
    const ours = createMeasured ? await recorder.attempt('routed-create', kind, async () => measureProductCreate((await bench.runtime()).baseUrl, bench.people, bench.seniorIds, options.scale)) : null;
    // The backlog goes in through the HTTP-only product now, before it stops for the baseline (one
    // PGlite restart fewer); the runs start when the workers do.
    const backlog = wants('runs') ? await recorder.attempt('async-runs', kind, () => createBacklog(bench)) : null;
    if (ours) {
      if (wants('create')) {
        await bench.releaseForBaseline();
        await recorder.attempt('routed-create', kind, async () => recorder.add(createFigures(kind, ours, await measureBareCreate(target, bench.people, bench.seniorIds, options.scale, registry))));
      }
      if (wants('peers') && kind === 'postgres') {
        await recorder.attempt('peers', kind, async () => recorder.add(peerFigures(ours, await measureNodeRed(bench))));
      }
    }
    if (backlog !== null) {
      await recorder.attempt('async-runs', kind, async () => recorder.add(await measureAsyncRuns(bench)));
    }
    if (wants('lists') || wants('funnel') || wants('import')) await dataScenarios(bench, wants);
  } finally {
    await bench.stopRuntime();
  }
  return description;
}

interface HandWritten {
  lists: ListTimings | null;
  funnel: number[] | null;
  copy: ImportTiming | null;
}

/**
 * Lists, funnel and import over the generated deals. The hand-written sides run first, right after
 * the load, from the bench process (on PGlite with the product stopped); then the product's.
 */
async function dataScenarios(bench: DbBench, wants: (s: string) => boolean): Promise<void> {
  const { recorder, db } = bench;
  const deals = bench.options.scale.lists.deals;
  const loaded = await recorder.attempt('deals', db, () =>
    bench.withSql(async (sql): Promise<HandWritten> => {
      if (wants('lists') || wants('funnel')) {
        const started = Date.now();
        await generateDeals(sql, deals, bench.people.repIds, (n) => progress(`${db}: ${n.toLocaleString('en')} deals generated`));
        progress(`${db}: ${deals.toLocaleString('en')} deals loaded and analysed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      return {
        lists: wants('lists') ? await recorder.attempt('lists', db, () => handWrittenLists(bench, sql)) : null,
        funnel: wants('funnel') ? await recorder.attempt('funnel', db, () => handWrittenFunnel(bench, sql)) : null,
        copy: wants('import') ? await recorder.attempt('import', db, () => plainCopy(bench, sql)) : null,
      };
    }),
  );
  if (!loaded) return;
  const { lists, funnel, copy } = loaded;
  if (lists) await recorder.attempt('lists', db, async () => recorder.add(listFigures(bench, deals, await productLists(bench), lists)));
  if (funnel) await recorder.attempt('funnel', db, async () => recorder.add(funnelFigures(bench, deals, await productFunnel(bench, deals), funnel)));
  if (copy) await recorder.attempt('import', db, async () => recorder.add(importFigures(bench, await productImport(bench), copy)));
}
