import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { loadTemplate } from '@crm/templates';
import { runFor, runsOf, waitForRun, type RunBody } from '../engine/engine-test.support.js';
import { templatePeople, type TemplatePeople } from './template-people.support.js';

/*
 * The e-commerce template's "Start a return": an operator runs it from a delivered order and its
 * start form asks why, for how much, a comment and who handles the return (she does unless she
 * picks someone). A return is created for the order with her answers and owned by the handler, who
 * gets a task due the next day; the shop's own return processes then take it as any return:
 * return_within_order links the customer and keeps refunds within the order, return_to_warehouse
 * gives the next storekeeper a task to receive the item. Without the answers nothing starts; an
 * order not delivered gets no return, and the operator is told why.
 */

const template = loadTemplate('e-commerce');
const OPERATOR = 'anna.dementeva@shop.example.com';
const SENIOR = 'anna.nesterova@shop.example.com';
const KEEPERS = (template.users ?? []).filter((u) => u.roles.includes('warehouse')).map((u) => u.email);

interface Order {
  id: string;
  number: string;
  status: string;
  total: number;
  customer: string;
  owner: string;
}

interface ReturnRequest {
  id: string;
  title: string;
  order: string;
  customer: string | null;
  reason: string;
  amount: number;
  state: string;
  comment: string | null;
  owner: string;
  handled_by: string | null;
}

interface Task {
  title: string;
  description: string | null;
  assignee: string;
  entity: string | null;
  recordId: string | null;
  runId: string | null;
  dueAt: string | null;
  createdAt: string;
}

interface Offered {
  processes: Array<{ name: string; startable: boolean; inputs?: Array<{ name: string; type: string; required?: boolean; default?: unknown }> }>;
}

interface Refusal {
  error: { code: string; details: Array<{ field: string; code: string }> };
}

const DAY_MS = 86_400_000;

describe.each(testDatabaseKinds())('e-commerce "Start a return" by hand on %s', (kind) => {
  let rt: TestRuntime;
  let people: TemplatePeople;

  async function order(number: string): Promise<Order> {
    const orders = await rt.request<{ data: Order[] }>('GET', '/api/records/order?limit=200');
    const found = orders.body.data.find((o) => o.number === number);
    if (!found) throw new Error(`no order ${number}`);
    return found;
  }

  async function returnsOf(orderId: string): Promise<ReturnRequest[]> {
    const returns = await rt.request<{ data: ReturnRequest[] }>('GET', '/api/records/return_request?limit=200');
    return returns.body.data.filter((r) => r.order === orderId);
  }

  async function start(token: string, recordId: string, input: Record<string, unknown>): Promise<RunBody> {
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/start_return/start', { token, body: { recordId, input } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return waitForRun(rt, started.body.data[0]?.runId ?? '');
  }

  async function tasksOf(email: string): Promise<Task[]> {
    const tasks = await rt.request<{ data: Task[] }>('GET', '/api/tasks', { token: await people.signIn(email) });
    expect(tasks.status).toBe(200);
    return tasks.body.data;
  }

  function createdReturnId(run: RunBody): string {
    const output = run.steps.find((s) => s.nodeId === 'create_return')?.output;
    const id = typeof output === 'object' && output !== null && 'id' in output ? output.id : null;
    if (typeof id !== 'string') throw new Error(`no return created: ${JSON.stringify(run.steps)}`);
    return id;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'e-commerce', workers: { pollMs: 100 } });
    people = await templatePeople(rt);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('offers the start form to an operator (not to the warehouse) and refuses a start without its answers, queueing nothing', async () => {
    const operator = await people.signIn(OPERATOR);
    const offered = await rt.request<Offered>('GET', '/api/records', { token: operator });
    expect(offered.body.processes.find((p) => p.name === 'start_return')).toMatchObject({
      startable: true,
      inputs: [
        { name: 'reason', type: 'enum', required: true },
        { name: 'amount', type: 'money', required: true },
        { name: 'comment', type: 'longtext' },
        { name: 'handler', type: 'user', default: '$user' },
      ],
    });
    const keeper = await people.signIn(KEEPERS[0] ?? '');
    expect((await rt.request<Offered>('GET', '/api/records', { token: keeper })).body.processes.find((p) => p.name === 'start_return')).toMatchObject({ startable: false });

    const delivered = await order('104504');
    const blank = await rt.request<Refusal>('POST', '/api/processes/start_return/start', { token: operator, body: { recordId: delivered.id, input: {} } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.map((d) => d.field).sort()).toEqual(['input.amount', 'input.reason']);
    const wrong = await rt.request<Refusal>('POST', '/api/processes/start_return/start', {
      token: operator,
      body: { recordId: delivered.id, input: { reason: 'broken', amount: 'много', comment: 'Не включается' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d) => d.field).sort()).toEqual(['input.amount', 'input.reason']);
    const nobody = await rt.request<Refusal>('POST', '/api/processes/start_return/start', {
      token: operator,
      body: { recordId: delivered.id, input: { reason: 'defect', amount: 1000, handler: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.details).toMatchObject([{ field: 'input.handler', code: 'INVALID_REFERENCE' }]);

    expect(await runsOf(rt, 'start_return', `?recordId=${delivered.id}`)).toEqual([]);
    expect(await returnsOf(delivered.id)).toEqual([]);
  });

  it('an operator starts a return leaving out who handles it: she does, and the warehouse is tasked to receive the item', async () => {
    const operator = await people.signIn(OPERATOR);
    const operatorId = people.idOf(OPERATOR);
    const delivered = await order('104504');

    const run = await start(operator, delivered.id, { reason: 'defect', amount: 12_000, comment: 'Не включается пылесос' });
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['delivered', 'create_return', 'handler_task', 'done']);

    // The return holds her answers, is hers, and the shop's rules took it: customer linked, a storekeeper on it.
    const returnId = createdReturnId(run);
    const created = (await rt.request<ReturnRequest>('GET', `/api/records/return_request/${returnId}`, { token: operator })).body;
    expect(created).toMatchObject({
      title: 'Возврат по заказу 104504',
      order: delivered.id,
      customer: delivered.customer,
      reason: 'defect',
      amount: 12_000,
      state: 'requested',
      comment: 'Не включается пылесос',
      owner: operatorId,
    });
    expect(await returnsOf(delivered.id)).toHaveLength(1);

    const mine = (await tasksOf(OPERATOR)).find((t) => t.runId === run.id);
    expect(mine).toMatchObject({
      title: 'Оформить возврат по заказу 104504 / Handle the return of order 104504',
      description: 'Сумма к возврату / Refund: 12000 ₽. Не включается пылесос',
      assignee: operatorId,
      entity: 'order',
      recordId: delivered.id,
    });
    const dueIn = Date.parse(mine?.dueAt ?? '') - Date.parse(mine?.createdAt ?? '');
    expect(Math.abs(dueIn - DAY_MS)).toBeLessThan(60_000);

    const toWarehouse = await runFor(rt, 'return_to_warehouse', returnId);
    expect(toWarehouse.status).toBe('completed');
    const stored = (await rt.request<ReturnRequest>('GET', `/api/records/return_request/${returnId}`)).body;
    const keeperEmail = (people.emailOf(stored.handled_by ?? '') ?? '');
    expect(KEEPERS).toContain(keeperEmail);
    expect((await tasksOf(keeperEmail)).find((t) => t.runId === toWarehouse.id)).toMatchObject({
      title: 'Принять возврат: Возврат по заказу 104504 / Receive the return',
      description: 'Сумма к возврату: 12000 ₽. Причина: defect.',
      assignee: stored.handled_by,
    });
  });

  it('an operator hands the return to her senior manager: the return is his, and so is the task', async () => {
    const operator = await people.signIn(OPERATOR);
    const seniorId = people.idOf(SENIOR);
    const delivered = await order('104510');

    const run = await start(operator, delivered.id, { reason: 'not_fit', amount: 5_000, handler: seniorId });
    expect(run.status).toBe('completed');

    const created = (await rt.request<ReturnRequest>('GET', `/api/records/return_request/${createdReturnId(run)}`)).body;
    expect(created).toMatchObject({ title: 'Возврат по заказу 104510', order: delivered.id, reason: 'not_fit', amount: 5_000, comment: null, owner: seniorId });
    expect((await tasksOf(SENIOR)).find((t) => t.runId === run.id)).toMatchObject({
      title: 'Оформить возврат по заказу 104510 / Handle the return of order 104510',
      description: 'Сумма к возврату / Refund: 5000 ₽. ',
      assignee: seniorId,
    });
    expect((await tasksOf(OPERATOR)).filter((t) => t.runId === run.id)).toEqual([]);
    // Not hers to change, but hers to follow: she started it (a sharing rule of her role).
    const followed = await rt.request<ReturnRequest>('GET', `/api/records/return_request/${createdReturnId(run)}`, { token: operator });
    expect(followed.status).toBe(200);
    expect(followed.body.owner).toBe(seniorId);
    const changed = await rt.request('PATCH', `/api/records/return_request/${createdReturnId(run)}`, { token: operator, body: { comment: 'Клиент звонил' } });
    expect(changed.status).toBe(403);
  });

  it('an order not yet delivered gets no return: the operator is told why and the run fails with the same words', async () => {
    const operator = await people.signIn(OPERATOR);
    const packing = await order('104519');
    expect(packing.status).toBe('assembling');

    const run = await start(operator, packing.id, { reason: 'changed_mind', amount: 1_000 });
    expect(run.status).toBe('failed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['delivered', 'tell_starter', 'not_delivered']);
    expect(run.error).toMatchObject({ code: 'ENDED_FAILED', message: 'Order 104519 is not delivered yet: no return was started' });

    const notices = await rt.request<{ data: Array<{ message: string; runId: string | null }> }>('GET', '/api/notifications', { token: operator });
    expect(notices.body.data.find((n) => n.runId === run.id)?.message).toBe('Заказ 104519 ещё не доставлен: возврат не оформлен / Order 104519 is not delivered yet: no return was started');
    expect(await returnsOf(packing.id)).toEqual([]);
  });

  it('a refund beyond the order’s total is refused by the trade rule: the run fails and no return is made', async () => {
    const operator = await people.signIn(OPERATOR);
    const delivered = await order('104513');

    const run = await start(operator, delivered.id, { reason: 'wrong_item', amount: delivered.total + 1 });
    expect(run.status).toBe('failed');
    expect(run.steps.find((s) => s.nodeId === 'create_return')?.status).toBe('failed');
    // Not retried: the rule's refusal (ru/en) is the run's error, at the step that tried to create the return.
    expect(run.error).toMatchObject({
      code: 'PROCESS_FAILED',
      nodeId: 'create_return',
      attempts: 1,
      message: `The process “Returns within the order” refused the save: Returns of ${delivered.total + 1} ₽ exceed the order total of ${delivered.total} ₽`,
      message_ru: `Сумма возвратов ${delivered.total + 1} ₽ больше суммы заказа ${delivered.total} ₽`,
    });
    expect(await returnsOf(delivered.id)).toEqual([]);
    expect((await tasksOf(OPERATOR)).filter((t) => t.runId === run.id)).toEqual([]);
  });
});
