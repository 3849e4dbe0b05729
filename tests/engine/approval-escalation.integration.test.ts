import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, run, runFor, until, waitForRun, type Person } from './engine-test.support.js';

/*
 * Run history keeps a waiting step's whole story (who was asked, each escalation with when and
 * why, the timer's due time), and escalation that keeps escalating: up a chain of managers
 * ("approver-manager", escalation.times), or to the timeout branch after the last escalation.
 * The chain: the deal's owner -> their manager -> the manager's manager (who has none above).
 */

interface Task {
  id: string;
  title: string;
  assignee: string;
  status: string;
  dueAt: string | null;
  runId: string | null;
  escalation: { round: number; from: string[]; reason: unknown } | null;
}

interface Who {
  id: string;
}

interface Phase {
  at: string;
  status: string;
  handle: string | null;
  output: Record<string, unknown> | null;
  effects: Array<Record<string, unknown>> | null;
}

interface HistoryStep {
  nodeId: string;
  status: string;
  handle: string | null;
  output: Record<string, unknown> | null;
  effects: Array<Record<string, unknown>> | null;
  phases: Phase[];
}

/** `later` is `ms` after `earlier`, give or take the moments between a step's start and its node's clock reading. */
function expectAfter(earlier: unknown, later: unknown, ms: number): void {
  const gap = Date.parse(String(later)) - Date.parse(String(earlier));
  expect(gap).toBeGreaterThanOrEqual(ms);
  expect(gap).toBeLessThan(ms + 500);
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.map((w: Who) => w.id) : [];
}

describe.each(testDatabaseKinds())('run history and escalation chains on %s', (kind) => {
  let rt: TestRuntime;
  let top: Person;
  let mid: Person;
  let owner: Person;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 } });
    top = await person(rt, 'chain.top@example.com', ['sales_rep']);
    mid = await person(rt, 'chain.mid@example.com', ['sales_rep'], { manager: top.id });
    owner = await person(rt, 'chain.owner@example.com', ['sales_rep'], { manager: mid.id });
    const onDeal = (prefix: string) => ({ type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: prefix } });
    const ask = (extra: Record<string, unknown>) => ({
      id: 'ask',
      type: 'approval',
      config: { title: 'Согласовать {{record.title}}', approvers: [{ $ref: 'record.owner' }], timeout: 'PT1S', escalateTo: 'approver-manager', ...extra },
    });
    const outcome = (id: string, text: string) => ({ id, type: 'update_record', config: { values: { description: text } } });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef('esc_once', onDeal('ESC1'), [ask({}), outcome('yes', 'approved'), outcome('no', 'rejected')], [
          ['trigger', 'ask'],
          ['ask', 'yes', 'approved'],
          ['ask', 'no', 'rejected'],
        ]),
        processDef('esc_chain', onDeal('ESC2'), [ask({ escalation: { times: 3 } }), outcome('yes', 'approved'), outcome('no', 'rejected')], [
          ['trigger', 'ask'],
          ['ask', 'yes', 'approved'],
          ['ask', 'no', 'rejected'],
        ]),
        processDef('esc_then_timeout', onDeal('ESC3'), [ask({ escalation: { afterLast: 'timeout' } }), outcome('yes', 'approved'), outcome('no', 'rejected'), outcome('late', 'timed out')], [
          ['trigger', 'ask'],
          ['ask', 'yes', 'approved'],
          ['ask', 'no', 'rejected'],
          ['ask', 'late', 'timeout'],
        ]),
        processDef('paused', onDeal('PAUSE'), [{ id: 'pause', type: 'wait', config: { duration: 'PT1S' } }, outcome('after', 'paused')], [
          ['trigger', 'pause'],
          ['pause', 'after'],
        ]),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function createDeal(title: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 100 }, token: owner.token });
    if (res.status !== 201) throw new Error(`deal: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async function taskOf(who: Person, title: string, status = 'open'): Promise<Task | undefined> {
    const res = await rt.request<{ data: Task[] }>('GET', `/api/tasks?kind=approval&status=${status}`, { token: who.token });
    return res.body.data.find((t) => t.title === `Согласовать ${title}`);
  }

  async function stepOf(runId: string, nodeId: string, token?: string): Promise<HistoryStep> {
    const res = await rt.request<{ steps: HistoryStep[] }>('GET', `/api/runs/${runId}`, token ? { token } : {});
    const step = res.body.steps.find((s) => s.nodeId === nodeId);
    if (!step) throw new Error(`no step ${nodeId} in ${JSON.stringify(res.body)}`);
    return step;
  }

  async function description(id: string): Promise<string | null> {
    return (await rt.request<{ description: string | null }>('GET', `/api/records/deal/${id}`)).body.description;
  }

  it('an escalated approval keeps both approvers in its history, with when and why', async () => {
    const deal = await createDeal('ESC1 история');
    const escalated = await until('the task escalated to the manager', () => taskOf(mid, 'ESC1 история'), 10_000);
    expect((await taskOf(owner, 'ESC1 история', 'all'))?.status).toBe('escalated');
    expect((await rt.request('POST', `/api/tasks/${escalated.id}/complete`, { token: mid.token, body: { outcome: 'approved' } })).status).toBe(200);
    const done = await runFor(rt, 'esc_once', deal);
    expect(done.status).toBe('completed');
    expect(await description(deal)).toBe('approved');

    const step = await stepOf(done.id, 'ask');
    expect(step).toMatchObject({ status: 'completed', handle: 'approved' });
    expect(step.phases.map((p) => p.status)).toEqual(['waiting', 'waiting', 'completed']);
    const [asked, escalation, decided] = step.phases;
    // Who was asked first, and until when.
    expect(ids(asked?.output?.['approvers'])).toEqual([owner.id]);
    expectAfter(asked?.at, asked?.output?.['timeoutAt'], 1000);
    const askedUntil = Date.parse(String(asked?.output?.['timeoutAt']));
    // The escalation: from whom, to whom, when and why.
    const escalatedEffect = escalation?.effects?.find((e) => e['kind'] === 'approval_escalated');
    expect(ids(escalatedEffect?.['from'])).toEqual([owner.id]);
    expect(ids(escalatedEffect?.['to'])).toEqual([mid.id]);
    expect(escalatedEffect?.['reason']).toEqual({ why: 'timeout', after: 'PT1S' });
    expect(Date.parse(String(escalatedEffect?.['at']))).toBeGreaterThanOrEqual(askedUntil);
    expect(Date.parse(String(escalation?.at))).toBeGreaterThanOrEqual(askedUntil);
    // By default the escalated approver has no deadline (as before escalation could repeat).
    expect(escalatedEffect?.['timeoutAt']).toBeNull();
    expect(ids(escalation?.output?.['escalatedTo'])).toEqual([mid.id]);
    // The decision, and the step's effects as one story in order.
    expect(decided).toMatchObject({ handle: 'approved', output: { outcome: 'approved', decidedBy: [expect.objectContaining({ userId: mid.id })] } });
    expect(step.effects?.map((e) => e['kind'])).toEqual(['approval_requested', 'approval_escalated', 'approval_decided']);
    expect(step.output).toMatchObject({ outcome: 'approved' });

    // A reader who may see the record but not step payloads sees the phases' times and ends, not what they carried.
    const redacted = await stepOf(done.id, 'ask', owner.token);
    expect(redacted.phases.map((p) => [p.status, p.handle, p.output, p.effects])).toEqual([
      ['waiting', null, null, null],
      ['waiting', null, null, null],
      ['completed', 'approved', null, null],
    ]);
  });

  it('escalates twice up the chain of managers, then waits when nobody is above', async () => {
    const deal = await createDeal('ESC2 цепочка');
    const atMid = await until('the task escalated to the manager', () => taskOf(mid, 'ESC2 цепочка'), 10_000);
    // The escalated task says why it is the manager's, and until when they have it.
    expect(atMid.escalation).toEqual({ round: 1, from: [owner.id], reason: { why: 'timeout', after: 'PT1S' } });
    expect(atMid.dueAt).not.toBeNull();
    const atTop = await until("the task escalated to the manager's manager", () => taskOf(top, 'ESC2 цепочка'), 10_000);
    expect(atTop.escalation).toEqual({ round: 2, from: [mid.id], reason: { why: 'timeout', after: 'PT1S' } });
    expect((await taskOf(owner, 'ESC2 цепочка', 'all'))).toMatchObject({ status: 'escalated', escalation: null });
    expect((await taskOf(mid, 'ESC2 цепочка', 'all'))?.status).toBe('escalated');
    // The middle manager can no longer decide; the top one can.
    expect((await rt.request('POST', `/api/tasks/${atMid.id}/complete`, { token: mid.token, body: { outcome: 'approved' } })).status).toBe(409);

    // times: 3, but nobody is above the top: the chain ends there and the approval stays with the top, with no deadline.
    const runId = atTop.runId ?? '';
    const ended = await until('the chain to end', async () => {
      const step = await stepOf(runId, 'ask');
      return step.phases.some((p) => p.effects?.some((e) => e['kind'] === 'approval_escalation_ended')) ? step : null;
    }, 10_000);
    expect(ended.status).toBe('waiting');
    expect((await run(rt, runId)).waiting).toEqual([expect.objectContaining({ nodeId: 'ask', dueAt: null })]);
    expect((await taskOf(top, 'ESC2 цепочка'))?.id).toBe(atTop.id);

    expect((await rt.request('POST', `/api/tasks/${atTop.id}/complete`, { token: top.token, body: { outcome: 'rejected', comment: 'нет' } })).status).toBe(200);
    expect((await waitForRun(rt, runId)).status).toBe('completed');
    expect(await description(deal)).toBe('rejected');

    const step = await stepOf(runId, 'ask');
    const escalations = step.phases.flatMap((p) => p.effects ?? []).filter((e) => e['kind'] === 'approval_escalated');
    expect(escalations.map((e) => [e['round'], ids(e['from']), ids(e['to'])])).toEqual([
      [1, [owner.id], [mid.id]],
      [2, [mid.id], [top.id]],
    ]);
    // Each escalated approver had a deadline, since another escalation was to come (times: 3).
    expect(escalations[0]?.['timeoutAt']).toEqual(expect.any(String));
    expect(escalations[1]?.['timeoutAt']).toEqual(expect.any(String));
    expect(step.effects?.map((e) => e['kind'])).toEqual(['approval_requested', 'approval_escalated', 'approval_escalated', 'approval_escalation_ended', 'approval_decided']);
    expect(step.phases.at(-1)).toMatchObject({ status: 'completed', handle: 'rejected' });
  });

  it('escalates, then takes the timeout branch when the escalated approver does not decide either', async () => {
    const deal = await createDeal('ESC3 тайм-аут');
    const done = await runFor(rt, 'esc_then_timeout', deal, 15_000);
    expect(done.status).toBe('completed');
    expect(await description(deal)).toBe('timed out');
    expect((await taskOf(owner, 'ESC3 тайм-аут', 'all'))?.status).toBe('escalated');
    expect((await taskOf(mid, 'ESC3 тайм-аут', 'all'))?.status).toBe('expired');
    expect(await taskOf(top, 'ESC3 тайм-аут', 'all')).toBeUndefined();

    const step = await stepOf(done.id, 'ask');
    expect(step).toMatchObject({ status: 'completed', handle: 'timeout', output: { outcome: 'timeout', round: 1 } });
    expect(step.phases.map((p) => [p.status, p.handle])).toEqual([
      ['waiting', null],
      ['waiting', null],
      ['completed', 'timeout'],
    ]);
    const escalation = step.phases[1]?.effects?.find((e) => e['kind'] === 'approval_escalated');
    expect(ids(escalation?.['to'])).toEqual([mid.id]);
    // The escalated approver had the node's timeout too, and the branch was taken after it.
    const deadline = Date.parse(String(escalation?.['timeoutAt']));
    expect(deadline - Date.parse(String(escalation?.['at']))).toBe(1000);
    expect(Date.parse(String(step.phases[2]?.at))).toBeGreaterThanOrEqual(deadline);
    expect(step.effects?.map((e) => e['kind'])).toEqual(['approval_requested', 'approval_escalated', 'approval_timed_out']);
  });

  it('a wait step keeps its due time in its history after it resumes', async () => {
    const deal = await createDeal('PAUSE пауза');
    const done = await runFor(rt, 'paused', deal);
    expect(done.status).toBe('completed');
    const step = await stepOf(done.id, 'pause');
    expect(step.phases.map((p) => p.status)).toEqual(['waiting', 'completed']);
    const due = step.phases[0]?.output?.['until'];
    expectAfter(step.phases[0]?.at, due, 1000);
    expect(step.phases[1]?.output).toMatchObject({ outcome: 'time reached', until: due });
    expect(Date.parse(String(step.phases[1]?.output?.['at']))).toBeGreaterThanOrEqual(Date.parse(String(due)));
    expect(step.output).toMatchObject({ until: due });
    // A step that ran once has no phases of its own.
    expect((await stepOf(done.id, 'after')).phases).toEqual([]);
  });
});
