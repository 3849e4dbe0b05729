import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { runFor } from '../engine/engine-test.support.js';
import { templatePeople, type TemplatePeople } from './template-people.support.js';

/*
 * The support-desk template's "Escalate by hand": an agent runs it from her ticket and its start
 * form asks to whom and why (and, if she wants, how high to raise the priority). The ticket is
 * flagged as escalated to that person, its priority raised and its SLA deadlines recounted from the
 * new priority, and the person gets a task with her words. Without the answers nothing starts.
 */

interface Ticket {
  id: string;
  priority: string;
  escalated: boolean | null;
  escalated_to: string | null;
  resolution_due: string | null;
}

describe.each(testDatabaseKinds())('support-desk escalation by hand on %s', (kind) => {
  let rt: TestRuntime;
  let people: TemplatePeople;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'support-desk', workers: { pollMs: 100 } });
    people = await templatePeople(rt);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('an agent escalates her ticket to her lead: flagged, priority raised, deadlines recounted, the lead tasked', async () => {
    const agent = await people.signIn('olga.gorbunova@support.example.com');
    const lead = await people.signIn('ivan.vlasov@support.example.com');
    const leadId = people.idOf('ivan.vlasov@support.example.com');
    const offered = await rt.request<{ processes: Array<{ name: string; startable: boolean; inputs?: Array<{ name: string }> }> }>('GET', '/api/records', { token: agent });
    expect(offered.body.processes.find((p) => p.name === 'escalate_by_hand')).toMatchObject({ startable: true, inputs: [{ name: 'to' }, { name: 'reason' }, { name: 'raise' }] });

    const customers = await rt.request<{ data: Array<{ id: string }> }>('GET', '/api/records/customer?limit=1', { token: agent });
    const created = await rt.request<Ticket>('POST', '/api/records/ticket', { token: agent, body: { subject: 'Не проходит оплата', customer: customers.body.data[0]?.id, priority: 'normal' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;

    const blank = await rt.request<{ error: { details: Array<{ field: string; message_ru: string }> } }>('POST', '/api/processes/escalate_by_hand/start', { token: agent, body: { recordId: id, input: { raise: 'urgent' } } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.map((d) => d.field).sort()).toEqual(['input.raise', 'input.reason', 'input.to']);

    const before = (await rt.request<Ticket>('GET', `/api/records/ticket/${id}`)).body;
    const started = await rt.request('POST', '/api/processes/escalate_by_hand/start', { token: agent, body: { recordId: id, input: { to: leadId, reason: 'Клиент третий день без оплаты', raise: 'critical' } } });
    expect(started.status).toBe(202);
    const run = await runFor(rt, 'escalate_by_hand', id);
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['mark', 'raise_asked', 'raise', 'task', 'done']);

    const after = (await rt.request<Ticket>('GET', `/api/records/ticket/${id}`)).body;
    expect(after).toMatchObject({ escalated: true, escalated_to: leadId, priority: 'critical' });
    // sla_deadlines recounted the deadline from the critical policy: sooner than the normal one.
    await expect.poll(async () => Date.parse((await rt.request<Ticket>('GET', `/api/records/ticket/${id}`)).body.resolution_due ?? ''), { timeout: 15_000 }).toBeLessThan(Date.parse(before.resolution_due ?? ''));

    const tasks = await rt.request<{ data: Array<{ title: string; description: string | null; runId: string }> }>('GET', '/api/tasks', { token: lead });
    expect(tasks.body.data.find((t) => t.runId === run.id)).toMatchObject({ title: 'Эскалация: «Не проходит оплата» / Escalated: Не проходит оплата', description: 'Клиент третий день без оплаты' });
  });
});
