import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@crm/runtime/testing';
import { createPerson, publish, signIn, until, type ApiClient } from './harness/api-client.js';
import { approvalProcess, chainProcess, CHAIN_STEPS, durabilityApp } from './harness/durability-app.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { SCALE } from './harness/durability-scale.js';
import { auditLedger } from './harness/ledger.checks.js';
import { RuntimeChild } from './harness/runtime-child.js';
import { expectedLedgers, ledgerByRun, waitFinished } from './harness/run-driving.js';

/*
 * The same cause twice must act once (issue 4 item 9):
 *   - a webhook delivered twice (one after the other, or ten at once) with one Idempotency-Key
 *     starts one run; without a key every delivery is its own run;
 *   - two approvers deciding an any-of approval at the same moment: one decision wins (200), the
 *     other is refused (409), and the run goes down the winner's branch once;
 *   - one approver double-clicking: one 200, one 409.
 */

const ROUNDS = 5;

describe.each(testDatabaseKinds())('the same cause delivered twice on %s', (kind) => {
  let store: DurableStore;
  let child: RuntimeChild;
  let admin: ApiClient;
  let first: { id: string; api: ApiClient; email: string };
  let second: { id: string; api: ApiClient; email: string };
  const hookRuns: string[] = [];
  const approvalRuns: string[] = [];

  beforeAll(async () => {
    store = await createDurableStore(kind);
    child = await RuntimeChild.start(store, { tag: 'exactly_once' });
    admin = await signIn(child.baseUrl);
    await publish(admin, durabilityApp([chainProcess('twice_chain'), approvalProcess('any_approval', 'any')]));
    first = { ...(await createPerson(admin, 'first.approver@example.com', ['approver'])), email: 'first.approver@example.com' };
    second = { ...(await createPerson(admin, 'second.approver@example.com', ['approver'])), email: 'second.approver@example.com' };
  }, SCALE.testTimeoutMs);

  afterAll(async () => {
    await child?.kill9();
    await store?.drop();
  }, SCALE.testTimeoutMs);

  it('a webhook delivered twice with one Idempotency-Key starts one run', async () => {
    const once = await admin.hook('twice_chain', 'delivery-1', { n: 1 });
    const again = await admin.hook('twice_chain', 'delivery-1', { n: 1 });
    expect(once).toMatchObject({ status: 202, created: true });
    expect(again).toEqual({ status: 202, runId: once.runId, created: false });

    const atOnce = await Promise.all(Array.from({ length: 10 }, () => admin.hook('twice_chain', 'delivery-2', { n: 2 })));
    expect(atOnce.map((r) => r.status)).toEqual(atOnce.map(() => 202));
    expect(new Set(atOnce.map((r) => r.runId)).size).toBe(1);
    expect(atOnce.filter((r) => r.created)).toHaveLength(1);

    const runIds = [once.runId ?? '', atOnce[0]?.runId ?? ''];
    hookRuns.push(...runIds);
    await waitFinished(admin, child, runIds);
    expect(await ledgerByRun(admin, runIds)).toEqual(expectedLedgers(runIds, CHAIN_STEPS));
    const page = await admin.expect<{ data: unknown[] }>(200, 'GET', '/api/processes/twice_chain/runs?limit=50');
    expect(page.data).toHaveLength(2);
  }, SCALE.testTimeoutMs);

  it('without an Idempotency-Key each delivery is a run of its own', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => admin.send<{ runId: string }>('POST', '/api/hooks/twice_chain', { body: {}, token: null })));
    expect([a?.status, b?.status]).toEqual([202, 202]);
    expect(a?.body?.runId).not.toBe(b?.body?.runId);
    hookRuns.push(a?.body?.runId ?? '', b?.body?.runId ?? '');
  }, SCALE.testTimeoutMs);

  it('two approvers deciding an any-of approval at once give one transition', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = await admin.hook('any_approval', `approval-${round}`, { first: first.email, second: second.email });
      const runId = started.runId ?? '';
      approvalRuns.push(runId);
      const tasks = await until('both approval tasks', async () => {
        const open = (await admin.tasks()).filter((t) => t.runId === runId && t.status === 'open');
        return open.length === 2 ? open : null;
      });
      const taskOf = (person: { id: string }) => tasks.find((t) => t.assignee === person.id)?.id ?? '';
      // The first approver approves while the second rejects, at the same moment.
      const [approve, reject] = await Promise.all([
        first.api.send('POST', `/api/tasks/${taskOf(first)}/complete`, { body: { outcome: 'approved' } }),
        second.api.send('POST', `/api/tasks/${taskOf(second)}/complete`, { body: { outcome: 'rejected' } }),
      ]);
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      const winner = approve.status === 200 ? 'approved' : 'rejected';

      const [run] = await waitFinished(admin, child, [runId]);
      expect(run?.status).toBe('completed');
      expect(run?.steps.filter((s) => s.nodeId === 'approve')).toMatchObject([{ status: 'completed', handle: winner }]);
      expect(await ledgerByRun(admin, [runId])).toEqual({ [runId]: winner === 'approved' ? { ask: 1, yes: 1 } : { ask: 1, no: 1 } });
      const after = (await admin.tasks()).filter((t) => t.runId === runId);
      expect(after.map((t) => t.status).sort()).toEqual(['cancelled', 'completed']);
    }
  }, SCALE.testTimeoutMs);

  it('one approver completing the same task twice at once: one 200, one 409', async () => {
    const started = await admin.hook('any_approval', 'double-click', { first: first.email, second: second.email });
    const runId = started.runId ?? '';
    approvalRuns.push(runId);
    const task = await until('the approval task', async () => (await first.api.tasks('assignee=me&kind=approval')).find((t) => t.runId === runId));
    const answers = await Promise.all([0, 1].map(() => first.api.send('POST', `/api/tasks/${task.id}/complete`, { body: { outcome: 'approved' } })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const [run] = await waitFinished(admin, child, [runId]);
    expect(await ledgerByRun(admin, [runId])).toEqual({ [runId]: { ask: 1, yes: 1 } });
    expect(run?.status).toBe('completed');
  }, SCALE.testTimeoutMs);

  it('left no step applied twice', async () => {
    await child.stop();
    const audit = await store.inspect((knex) =>
      auditLedger(knex, [
        { process: 'twice_chain', steps: CHAIN_STEPS, runIds: hookRuns.slice(0, 2) },
        { process: 'any_approval', steps: ['ask'], runIds: approvalRuns },
      ]),
    );
    expect(audit).toEqual({ runsByStatus: { completed: 2 + approvalRuns.length }, duplicates: [], missing: [], doubleSteps: [], orphans: 0 });
    const runs = await store.inspect((knex) => knex('process_runs').where({ process: 'twice_chain' }).count({ n: '*' }).first());
    expect(Number(runs?.n)).toBe(4);
  }, SCALE.testTimeoutMs);
});
