import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDriverStatements, startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, runsOf, teamId, type Person } from './engine-test.support.js';

/*
 * Issue 4's headline scenario over HTTP with the b2b-sales template: `route_big_deals` is a
 * before-save process, so a rep's deal over 100,000 comes back from the create call already owned
 * by the senior manager with the fewest open deals; a smaller deal stays with the rep. The run is
 * in the process's run history and the record's history says the process set the owner.
 *
 * Issue 17 item 1: a plain create costs at most two round trips to the database and a routed one
 * at most three, BEGIN and COMMIT included (counted below each statement the driver is handed).
 */

interface Deal {
  id: string;
  owner: string;
  amount: number;
  version: number;
}

describe.each(testDatabaseKinds())('route_big_deals on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;
  let senior: Person;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const team = await teamId(rt, 'Продажи — Москва');
    senior = await person(rt, 'senior.new@example.com', ['senior_manager'], { team });
    rep = await person(rt, 'rep.new@example.com', ['sales_rep'], { team, manager: senior.id });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function openDealsBySenior(): Promise<Map<string, number>> {
    const users = await rt.request<{ data: Array<{ id: string; roles: string[]; disabled: boolean }> }>('GET', '/api/users');
    const counts = new Map<string, number>();
    for (const user of users.body.data.filter((u) => u.roles.includes('senior_manager') && !u.disabled)) {
      const filter = JSON.stringify({ and: [{ field: 'owner', op: 'eq', value: user.id }, { field: 'stage', op: 'nin', value: ['won', 'lost'] }] });
      const page = await rt.request<{ total: number }>('GET', `/api/records/deal?count=1&limit=1&filter=${encodeURIComponent(filter)}`);
      counts.set(user.id, page.body.total);
    }
    return counts;
  }

  it('gives a deal of 150,000 to the least loaded senior manager in the create response', async () => {
    const load = await openDealsBySenior();
    expect(load.get(senior.id)).toBe(0);
    const res = await rt.request<Deal>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Крупная поставка', amount: 150000 } });
    expect(res.status).toBe(201);
    // Whoever has the fewest open deals gets it (the new senior manager has none; ties go by id).
    const fewest = Math.min(...load.values());
    expect(load.get(res.body.owner)).toBe(fewest);
    expect(res.body.owner).not.toBe(rep.id);

    const runs = await runsOf(rt, 'route_big_deals', `?recordId=${res.body.id}`);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', mode: 'before-save', recordId: res.body.id });
    const detail = await rt.request<{ steps: Array<{ nodeId: string; status: string; output: { assigned?: { id: string } } }> }>('GET', `/api/runs/${runs[0]?.id}`);
    expect(detail.body.steps.map((s) => s.nodeId)).toEqual(['assign_senior', 'done']);
    expect(detail.body.steps[0]?.output.assigned?.id).toBe(res.body.owner);

    // History: the rep created the deal; the process, in its run, set the owner.
    const history = await rt.request<{ data: Array<{ actor: { kind: string; id: string | null; process?: string; runId?: string }; changes: Array<{ field: string; old: unknown; new: unknown }> }> }>(
      'GET',
      `/api/records/deal/${res.body.id}/history`,
    );
    expect(history.status).toBe(200);
    const byProcess = history.body.data.find((h) => h.actor.kind === 'process');
    expect(byProcess?.actor).toMatchObject({ process: 'route_big_deals', runId: runs[0]?.id });
    expect(byProcess?.changes).toEqual([{ field: 'owner', old: null, new: res.body.owner }]);
    const byRep = history.body.data.find((h) => h.actor.kind === 'user');
    expect(byRep?.actor.id).toBe(rep.id);
    expect(byRep?.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['title', 'amount']));
    expect(byRep?.changes.map((c) => c.field)).not.toContain('owner');
  });

  it('leaves a deal of 50,000 with the rep and starts no run', async () => {
    const res = await rt.request<Deal>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Небольшая поставка', amount: 50000 } });
    expect(res.status).toBe(201);
    expect(res.body.owner).toBe(rep.id);
    expect(await runsOf(rt, 'route_big_deals', `?recordId=${res.body.id}`)).toHaveLength(0);
  });

  it('stores a plain create in at most 2 round trips and a routed one in at most 3', async () => {
    // Warm: the session, the access subject and the live definition are cached after a first request.
    await rt.request<Deal>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Разогрев', amount: 1000 } });
    const counter = countDriverStatements(rt.db.knex);
    let plainSent: string[];
    let routedSent: string[];
    let routed;
    try {
      const plain = await rt.request<Deal>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Малая', amount: 2000 } });
      plainSent = counter.take();
      expect(plain.status).toBe(201);
      routed = await rt.request<Deal>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Большая', amount: 200000 } });
      routedSent = counter.take();
    } finally {
      counter.stop();
    }
    expect(routed.status).toBe(201);
    expect(routed.body.owner).not.toBe(rep.id);
    // Caches that revalidate now and then (the live definition, webhook subscriptions) are not the save's.
    const saves = (sent: string[]) => sent.filter((sql) => !/definition_versions|webhook_subscriptions/.test(sql));
    expect(saves(plainSent).length, plainSent.join('\n')).toBeLessThanOrEqual(2);
    expect(saves(routedSent).length, routedSent.join('\n')).toBeLessThanOrEqual(3);
    // Still written: the run with its two steps, and the process's own history entry.
    const [run] = await runsOf(rt, 'route_big_deals', `?recordId=${routed.body.id}`);
    expect(run).toMatchObject({ status: 'completed', mode: 'before-save' });
    const detail = await rt.request<{ steps: Array<{ nodeId: string }> }>('GET', `/api/runs/${run?.id}`);
    expect(detail.body.steps.map((s) => s.nodeId)).toEqual(['assign_senior', 'done']);
    const history = await rt.request<{ data: Array<{ actor: { kind: string; runId?: string } }> }>('GET', `/api/records/deal/${routed.body.id}/history`);
    expect(history.body.data.map((h) => h.actor.kind).sort()).toEqual(['process', 'user']);
  });

  it('routes a deal when its amount is raised over 100,000, once', async () => {
    const created = await rt.request<Deal>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Растущая сделка', amount: 90000 } });
    expect(created.body.owner).toBe(rep.id);
    const raised = await rt.request<Deal>('PATCH', `/api/records/deal/${created.body.id}`, { token: rep.token, body: { amount: 120000 } });
    expect(raised.status).toBe(200);
    expect(raised.body.owner).not.toBe(rep.id);
    const again = await rt.request<Deal>('PATCH', `/api/records/deal/${created.body.id}`, { body: { title: 'Растущая сделка (уточнено)' } });
    expect(again.status).toBe(200);
    const runs = await runsOf(rt, 'route_big_deals', `?recordId=${created.body.id}`);
    expect(runs).toHaveLength(1);

    // History, newest first: the plain update is one entry; the routed one is two for the same
    // version, the rep's amount and the process's owner, in the order they were written.
    type Entry = { version: number; actor: { kind: string; id: string | null; runId?: string }; changes: Array<{ field: string; old: unknown; new: unknown }> };
    const history = await rt.request<{ data: Entry[] }>('GET', `/api/records/deal/${created.body.id}/history`);
    const updates = history.body.data.filter((h) => h.version > 1).map((h) => ({ version: h.version, kind: h.actor.kind, id: h.actor.id, runId: h.actor.runId ?? null, changes: h.changes }));
    expect(updates).toEqual([
      { version: 3, kind: 'user', id: expect.any(String), runId: null, changes: [{ field: 'title', old: 'Растущая сделка', new: 'Растущая сделка (уточнено)' }] },
      { version: 2, kind: 'process', id: rep.id, runId: runs[0]?.id, changes: [{ field: 'owner', old: rep.id, new: raised.body.owner }] },
      { version: 2, kind: 'user', id: rep.id, runId: null, changes: [{ field: 'amount', old: 90000, new: 120000 }] },
    ]);
  });
});
