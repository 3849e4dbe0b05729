import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '../testing/index.js';

/*
 * POST /api/tasks/:id/reassign and GET /api/tasks/:id/assignees: a person hands their open task to
 * a colleague of their team or to their manager; never to someone outside it, never a closed task,
 * never someone else's task; an approval never to a person who already holds the same step; an
 * admin to anyone active.
 */

interface Person {
  id: string;
  token: string;
}

const PASSWORD = 'reassign-password-1';

describe.each(testDatabaseKinds())('reassigning tasks on %s', (kind) => {
  let rt: TestRuntime;
  let boss: Person;
  let rep: Person;
  let mate: Person;
  let outsider: Person;

  async function person(email: string, roles: string[], extra: Record<string, unknown>): Promise<Person> {
    const created = await rt.request<{ id: string }>('POST', '/api/users', { body: { email, name: email.split('@')[0], password: PASSWORD, roles, ...extra } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PASSWORD }, token: null });
    return { id: created.body.id, token: login.body.token };
  }

  async function teamNamed(name: string): Promise<string> {
    const res = await rt.request<{ data: Array<{ id: string; name: string }> } | Array<{ id: string; name: string }>>('GET', '/api/teams');
    const teams = Array.isArray(res.body) ? res.body : res.body.data;
    const team = teams.find((t) => t.name === name);
    if (!team) throw new Error(`no team ${name}`);
    return team.id;
  }

  async function task(values: Record<string, unknown>): Promise<string> {
    const [row]: Array<{ id: string }> = await rt.db.knex('human_tasks').insert({ kind: 'task', title: 'Позвонить клиенту', status: 'open', ...values }).returning('id');
    if (!row) throw new Error('no task inserted');
    return row.id;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const moscow = await teamNamed('Продажи — Москва');
    const partners = await teamNamed('Партнёрский канал');
    boss = await person('reassign.boss@example.com', ['senior_manager'], { team: moscow });
    rep = await person('reassign.rep@example.com', ['sales_rep'], { team: moscow, manager: boss.id });
    mate = await person('reassign.mate@example.com', ['sales_rep'], { team: moscow, manager: boss.id });
    outsider = await person('reassign.outsider@example.com', ['sales_rep'], { team: partners });
  });

  afterAll(async () => {
    await rt?.close();
  });

  it('lists the colleagues of the team and the manager, and hands the task to one of them', async () => {
    const id = await task({ assignee_id: rep.id });
    const options = await rt.request<{ data: Array<{ id: string }> }>('GET', `/api/tasks/${id}/assignees`, { token: rep.token });
    expect(options.status).toBe(200);
    const ids = options.body.data.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([boss.id, mate.id]));
    expect(ids).not.toContain(outsider.id);
    expect(ids).not.toContain(rep.id);

    const handed = await rt.request('POST', `/api/tasks/${id}/reassign`, { body: { assignee: mate.id }, token: rep.token });
    expect(handed.status).toBe(200);
    const mine = await rt.request<{ data: Array<{ id: string }> }>('GET', '/api/tasks?assignee=me', { token: mate.token });
    expect(mine.body.data.map((t) => t.id)).toContain(id);
    // No longer the rep's: they can neither see it nor hand it on again.
    expect((await rt.request('POST', `/api/tasks/${id}/reassign`, { body: { assignee: boss.id }, token: rep.token })).status).toBe(404);
  });

  it('refuses a person outside the team, with a reason in both languages', async () => {
    const id = await task({ assignee_id: rep.id });
    const res = await rt.request<{ error: { code: string; details: Array<{ code: string; message_ru?: string }> } }>('POST', `/api/tasks/${id}/reassign`, { body: { assignee: outsider.id }, token: rep.token });
    expect(res.status).toBe(403);
    expect(res.body.error.details[0]).toMatchObject({ code: 'REASSIGN_NOT_ALLOWED' });
    expect(res.body.error.details[0]?.message_ru).toMatch(/коллеге/);
  });

  it('refuses a closed task and a body without a user id', async () => {
    const closed = await task({ assignee_id: rep.id, status: 'completed' });
    expect((await rt.request('POST', `/api/tasks/${closed}/reassign`, { body: { assignee: mate.id }, token: rep.token })).status).toBe(409);
    const open = await task({ assignee_id: rep.id });
    expect((await rt.request('POST', `/api/tasks/${open}/reassign`, { body: { assignee: 'mate' }, token: rep.token })).status).toBe(400);
  });

  it('never gives an approval to someone who already holds the same step', async () => {
    const runId = crypto.randomUUID();
    const mine = await task({ kind: 'approval', assignee_id: boss.id, run_id: runId, node_id: 'ask' });
    await task({ kind: 'approval', assignee_id: mate.id, run_id: runId, node_id: 'ask' });
    const options = await rt.request<{ data: Array<{ id: string }> }>('GET', `/api/tasks/${mine}/assignees`, { token: boss.token });
    expect(options.body.data.map((c) => c.id)).not.toContain(mate.id);
    expect((await rt.request('POST', `/api/tasks/${mine}/reassign`, { body: { assignee: mate.id }, token: boss.token })).status).toBe(403);
    expect((await rt.request('POST', `/api/tasks/${mine}/reassign`, { body: { assignee: rep.id }, token: boss.token })).status).toBe(200);
  });

  it('lets an admin hand anyone’s task to anyone active', async () => {
    const id = await task({ assignee_id: rep.id });
    expect((await rt.request('POST', `/api/tasks/${id}/reassign`, { body: { assignee: outsider.id } })).status).toBe(200);
  });
});
