import type { TestRuntime } from '@crm/runtime/testing';

/* Shared steps of the engine's integration tests: people to act as, and waiting for runs. */

export const PERSON_PASSWORD = 'Correct-Horse-Battery-9';

export interface Person {
  id: string;
  email: string;
  token: string;
}

interface TeamBody {
  id: string;
  name: string;
}

export async function teamId(rt: TestRuntime, name: string): Promise<string> {
  const res = await rt.request<{ data: TeamBody[] } | TeamBody[]>('GET', '/api/teams');
  const teams = Array.isArray(res.body) ? res.body : res.body.data;
  const team = teams.find((t) => t.name === name);
  if (!team) throw new Error(`no team ${name}: ${JSON.stringify(res.body)}`);
  return team.id;
}

/** A person created by the admin over HTTP and signed in. */
export async function person(rt: TestRuntime, email: string, roles: string[], extra: { team?: string | null; manager?: string | null; attributes?: Record<string, unknown> } = {}): Promise<Person> {
  const created = await rt.request<{ id: string }>('POST', '/api/users', {
    body: { email, name: email.split('@')[0], password: PERSON_PASSWORD, roles, ...extra },
  });
  if (created.status !== 201) throw new Error(`creating ${email}: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PERSON_PASSWORD }, token: null });
  if (login.status !== 200) throw new Error(`signing in ${email}: ${login.status} ${JSON.stringify(login.body)}`);
  return { id: created.body.id, email, token: login.body.token };
}

export interface RunBody {
  id: string;
  process: string;
  status: string;
  mode: string;
  recordId: string | null;
  error: { code?: string; message?: string; nodeId?: string } | null;
  steps: Array<{ nodeId: string; nodeType: string; status: string; handle: string | null; attempt: number; output: unknown; error: unknown; input: unknown }>;
  waiting: Array<{ nodeId: string; status: string; dueAt: string | null }>;
}

export async function runsOf(rt: TestRuntime, process: string, query = ''): Promise<RunBody[]> {
  const res = await rt.request<{ data: RunBody[] }>('GET', `/api/processes/${process}/runs${query}`);
  if (res.status !== 200) throw new Error(`runs of ${process}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export async function run(rt: TestRuntime, id: string): Promise<RunBody> {
  const res = await rt.request<RunBody>('GET', `/api/runs/${id}`);
  if (res.status !== 200) throw new Error(`run ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls until the run reaches one of the statuses (workers run in the test's process). */
export async function waitForRun(rt: TestRuntime, id: string, statuses: readonly string[] = ['completed', 'failed'], timeoutMs = 15_000): Promise<RunBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await run(rt, id);
    if (statuses.includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`run ${id} is still ${body.status} after ${timeoutMs} ms: ${JSON.stringify(body)}\n${await queueState(rt)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The engine's queue as the database holds it, for a run that did not finish in time: whether a
 * job was due and free (a worker should have taken it) or something else held the queue (a job
 * due earlier that stays due, a lease), and what the worker's loops are doing (in a claim since
 * when, how many failed).
 */
async function queueState(rt: TestRuntime): Promise<string> {
  try {
    const jobs: { rows: unknown[] } = await rt.db.knex.raw(
      `SELECT j.id, j.run_id, j.node_id, j.status, j.due_at, j.locked_by, j.locked_until, j.attempt, j.last_error, r.status AS run_status, now() AS db_now
         FROM run_jobs j JOIN process_runs r ON r.id = j.run_id ORDER BY j.due_at NULLS LAST, j.id LIMIT 20`,
    );
    return `queue at ${new Date().toISOString()}: ${JSON.stringify(jobs.rows)}\nworkers: ${JSON.stringify(rt.runtime.engine.workerHealth())}`;
  } catch (error) {
    return `queue unreadable: ${String(error)}`;
  }
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface LooseApp {
  processes?: unknown[];
  entities: Array<{ name: string; fields: unknown[] }>;
  [key: string]: unknown;
}

/** Adds processes (and whatever else `change` does) to the live definition and publishes it. */
export async function publishWith(rt: TestRuntime, change: (app: LooseApp) => void): Promise<number> {
  const draft = await rt.request<LooseApp>('GET', '/api/definitions/draft');
  if (draft.status !== 200) throw new Error(`draft: ${draft.status} ${JSON.stringify(draft.body)}`);
  const app = draft.body;
  change(app);
  const put = await rt.request('PUT', '/api/definitions/draft', { body: app });
  if (put.status !== 200) throw new Error(`draft rejected: ${JSON.stringify(put.body)}`);
  const pub = await rt.request<{ version: number }>('POST', '/api/definitions/publish', { body: {} });
  if (pub.status !== 200) throw new Error(`publish failed: ${JSON.stringify(pub.body)}`);
  return pub.body.version;
}

/** A process definition in the compact form the tests use. */
export function processDef(
  name: string,
  trigger: Record<string, unknown>,
  nodes: Array<Record<string, unknown>>,
  edges: Array<[string, string] | [string, string, string]>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    trigger,
    nodes: nodes.map((n, i) => ({ position: { x: 200 * (i + 1), y: 0 }, ...n })),
    edges: edges.map(([from, to, handle]) => (handle ? { from, to, handle } : { from, to })),
    ...extra,
  };
}

export async function runFor(rt: TestRuntime, process: string, recordId: string, timeoutMs = 15_000): Promise<RunBody> {
  const runs = await until(`a run of ${process} for ${recordId}`, async () => {
    const found = await runsOf(rt, process, `?recordId=${recordId}`);
    return found.length > 0 ? found : null;
  }, timeoutMs);
  const first = runs[0];
  if (!first) throw new Error('no run');
  return waitForRun(rt, first.id, ['completed', 'failed'], timeoutMs);
}

/**
 * Resolves once the workers have nothing to do now: no job is ready and due (a job being worked on
 * stays `ready` until its transaction commits, and a step's successors are written in that same
 * commit). Timers due later and runs waiting for a person or a record do not count. Use it instead
 * of sleeping before asserting that nothing more happens.
 */
export async function settled(rt: TestRuntime, timeoutMs = 15_000): Promise<void> {
  await until('the workers to settle', async () => {
    const row = await rt.db.knex('run_jobs')
      .where({ status: 'ready' })
      .andWhere((due) => due.whereNull('due_at').orWhere('due_at', '<=', rt.db.knex.fn.now()))
      .count({ n: '*' })
      .first();
    return Number(row?.['n'] ?? 0) === 0;
  }, timeoutMs);
}

/**
 * The runs of a process once `expected` of them exist and none is still going: a date trigger's
 * scan over days of template demo data starts dozens at once, which takes a while on a loaded machine.
 */
export async function finishedRuns(rt: TestRuntime, process: string, expected: number): Promise<RunBody[]> {
  return until(`${expected} runs of ${process} to finish`, async () => {
    const runs = await runsOf(rt, process, '?limit=200');
    return runs.length >= expected && runs.every((r) => r.status === 'completed' || r.status === 'failed') ? runs : null;
  }, 120_000);
}
