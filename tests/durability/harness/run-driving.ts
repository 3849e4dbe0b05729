import { sleep, type ApiClient, type RunBody } from './api-client.js';
import type { RuntimeChild } from './runtime-child.js';

/*
 * Driving runs over HTTP through crashes: webhook deliveries that are retried with their
 * Idempotency-Key until the runtime accepts them (so a delivery lost in a crash is delivered
 * again, and one that did commit is not started twice), waiting for runs to finish, and reading
 * the ledger over HTTP while the runtime is up.
 */

export interface Delivery {
  key: string;
  body?: unknown;
  runId: string | null;
  /** The last answer when it was not 202 (status 0: none came), for failure messages. */
  lastFailure?: string;
}

/** Delivers each hook once; those that got no answer (the runtime died) keep runId null for a retry. */
export async function deliver(api: ApiClient, hook: string, deliveries: Delivery[], parallel = 4): Promise<void> {
  let next = 0;
  async function lane(): Promise<void> {
    while (next < deliveries.length) {
      const delivery = deliveries[next++];
      if (!delivery || delivery.runId) continue;
      const sentAt = Date.now();
      const res = await api.hook(hook, delivery.key, delivery.body ?? {});
      if (res.status === 202) delivery.runId = res.runId;
      else if (res.status !== 0 && res.status < 500) throw new Error(`POST /api/hooks/${hook} (${delivery.key}): ${res.status}`);
      else delivery.lastFailure = `${res.status} after ${Date.now() - sentAt} ms: ${res.error ?? ''}`;
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane));
}

export function runIdsOf(deliveries: readonly Delivery[]): string[] {
  return deliveries.map((d) => {
    if (!d.runId) throw new Error(`delivery ${d.key} was never accepted (last answer: ${d.lastFailure ?? 'none'})`);
    return d.runId;
  });
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Waits until every run has finished (completed, failed or cancelled); fails early if the child dies. */
export async function waitFinished(api: ApiClient, child: RuntimeChild, runIds: readonly string[], timeoutMs = 60_000): Promise<RunBody[]> {
  const deadline = Date.now() + timeoutMs;
  const done = new Map<string, RunBody>();
  for (;;) {
    for (const id of runIds) {
      if (done.has(id)) continue;
      const res = await api.send<RunBody>('GET', `/api/runs/${id}`);
      if (res.status === 200 && res.body && FINISHED.has(res.body.status)) done.set(id, res.body);
    }
    if (done.size === runIds.length) return runIds.map((id) => done.get(id)).filter((r): r is RunBody => r !== undefined);
    if (!child.alive) throw new Error(`${child.spec.tag} died (${JSON.stringify(child.exitStatus)}) with ${runIds.length - done.size} runs unfinished:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`${runIds.length - done.size} of ${runIds.length} runs still unfinished after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Waits until a process has no run left running or waiting. */
export async function waitProcessIdle(api: ApiClient, child: RuntimeChild, process: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = (await api.runsWithStatus(process, 'running', 1)).length + (await api.runsWithStatus(process, 'waiting', 1)).length;
    if (busy === 0) return;
    if (!child.alive) throw new Error(`${child.spec.tag} died with runs of ${process} unfinished:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`runs of ${process} still unfinished after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Ledger rows per `<run>|<step>` for these runs, read over HTTP. */
export async function ledgerCounts(api: ApiClient, runIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const filter = encodeURIComponent(JSON.stringify({ field: 'run', op: 'in', value: runIds }));
  let cursor: string | null = null;
  do {
    const page: { data: Array<{ run: string; step: string }>; nextCursor: string | null } = await api.expect(
      200,
      'GET',
      `/api/records/ledger?filter=${filter}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const row of page.data) counts.set(`${row.run}|${row.step}`, (counts.get(`${row.run}|${row.step}`) ?? 0) + 1);
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

/** The ledger of these runs as `{<step>: count}` per run, to compare with what each run should have written. */
export async function ledgerByRun(api: ApiClient, runIds: readonly string[]): Promise<Record<string, Record<string, number>>> {
  const counts = await ledgerCounts(api, runIds);
  const byRun: Record<string, Record<string, number>> = Object.fromEntries(runIds.map((id) => [id, {}]));
  for (const [key, n] of counts) {
    const [run = '', step = ''] = key.split('|');
    const steps = byRun[run] ?? {};
    steps[step] = n;
    byRun[run] = steps;
  }
  return byRun;
}

/** `{<step>: 1}` for every step: what a completed run's ledger must be. */
export function once(steps: readonly string[]): Record<string, number> {
  return Object.fromEntries(steps.map((s) => [s, 1]));
}

export function expectedLedgers(runIds: readonly string[], steps: readonly string[]): Record<string, Record<string, number>> {
  return Object.fromEntries(runIds.map((id) => [id, once(steps)]));
}
