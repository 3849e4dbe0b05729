import type { DbTarget } from '../harness/bench.database.js';
import { baselineEnv, startBaseline } from '../harness/baseline.child.js';
import type { CleanupRegistry } from '../harness/cleanup.registry.js';
import { loadProblems, runLoad, type LoadRequest, type LoadResult } from '../harness/load.generator.js';
import type { Scale } from '../bench.options.js';
import type { CrmPeople } from '../setup/crm.setup.js';
import { figure, type Figure, type FigureDb } from '../report/figure.types.js';

/*
 * Routed create: POST /api/records/deal as sales reps (their sessions), at concurrency 32. Every
 * save is validated, permission-checked, passes the before-save route_big_deals (amounts over
 * 100,000 go to the least loaded senior manager), writes history and the outbox. About half the
 * amounts are over 100,000. Baseline: bare-create.server.ts, the same INSERT and routing UPDATE in
 * one transaction over node:http + pg (or PGlite).
 */

export function dealAmount(i: number): number {
  return 1000 + ((i * 7919) % 199_000);
}

function dealBody(i: number): string {
  return JSON.stringify({ title: `Bench deal ${i}`, amount: dealAmount(i) });
}


async function measured(spec: { url: string; scale: Scale; request: (i: number) => LoadRequest; expectStatus: number; what: string }): Promise<LoadResult> {
  const { connections, warmupS, durationS, maxRequests } = spec.scale.create;
  const base = { url: spec.url, connections, maxRequests, expectStatus: spec.expectStatus, request: spec.request };
  await runLoad({ ...base, durationS: warmupS });
  const result = await runLoad({ ...base, durationS });
  const problems = loadProblems(result);
  if (problems) throw new Error(`${spec.what}: ${problems}`);
  return result;
}

/** Checks once that the product routes: a big deal by a rep ends with a senior, a small one stays. */
async function checkRouting(baseUrl: string, people: CrmPeople, seniorIds: readonly string[]): Promise<void> {
  const rep = people.signedIn[0];
  if (!rep) throw new Error('no signed-in rep');
  const small = await rep.api.post<{ owner: string }>('/api/records/deal', { title: 'Routing check small', amount: 5000 }, 201);
  const big = await rep.api.post<{ owner: string }>('/api/records/deal', { title: 'Routing check big', amount: 150_000 }, 201);
  if (small.owner !== rep.id) throw new Error(`a small deal should stay with the rep, went to ${small.owner}`);
  if (!seniorIds.includes(big.owner)) throw new Error(`a big deal should go to a senior manager, went to ${big.owner} (${baseUrl})`);
}

export async function measureProductCreate(baseUrl: string, people: CrmPeople, seniorIds: readonly string[], scale: Scale): Promise<LoadResult> {
  await checkRouting(baseUrl, people, seniorIds);
  const reps = people.signedIn;
  return measured({
    url: baseUrl,
    scale,
    expectStatus: 201,
    what: 'routed create (product)',
    request: (i) => ({
      method: 'POST',
      path: '/api/records/deal',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reps[i % reps.length]?.api.token ?? ''}` },
      body: dealBody(i),
    }),
  });
}

export async function measureBareCreate(target: DbTarget, people: CrmPeople, seniorIds: readonly string[], scale: Scale, registry: CleanupRegistry): Promise<LoadResult> {
  const child = startBaseline('bare create server', 'bare-create.server.ts', baselineEnv(target, { BENCH_SENIORS: seniorIds.join(','), PORT: '0' }), registry);
  try {
    const match = await child.waitForOutput(/listening on (\d+)/, 60_000);
    const url = `http://127.0.0.1:${match[1]}`;
    const reps = people.signedIn;
    return await measured({
      url,
      scale,
      expectStatus: 201,
      what: 'routed create (bare baseline)',
      request: (i) => ({ method: 'POST', path: '/deal', headers: { 'content-type': 'application/json', 'x-user-id': reps[i % reps.length]?.id ?? '' }, body: dealBody(i) }),
    });
  } finally {
    await child.stop();
  }
}

export function createFigures(db: FigureDb, ours: LoadResult, bare: LoadResult): Figure[] {
  const baselineName = db === 'pglite' ? 'node:http + PGlite' : 'node:http + pg';
  return [
    figure({ scenario: 'routed-create', db, metric: 'req/s', value: ours.rps, baseline: bare.rps, baselineName, goal: { text: 'ratio ≥ 0.8', on: 'ratio', kind: 'min', limit: 0.8 } }),
    figure({ scenario: 'routed-create', db, metric: 'p50 ms', value: ours.latency.p50, baseline: bare.latency.p50, baselineName }),
    figure({ scenario: 'routed-create', db, metric: 'p99 ms', value: ours.latency.p99, baseline: bare.latency.p99, baselineName, goal: { text: 'ratio < 1.5', on: 'ratio', kind: 'max', limit: 1.5 } }),
  ];
}
