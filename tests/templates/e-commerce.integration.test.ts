import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { loadTemplate } from '@crm/templates';
import { looksLikeRelativeDate, parseRelativeDate, resolveRelativeDate } from '@crm/schemas';
import { PERSON_PASSWORD, runFor, runsOf, settled, type RunBody } from '../engine/engine-test.support.js';
import { datesScannedTo, FAST_TRIGGERS, settledRuns, TestClock } from '../engine/triggers/trigger-test.support.js';

/*
 * The e-commerce template as a shop would live with it: installed with its demo people, catalogue,
 * orders, payments and deliveries; each role reads what its scopes say; as the (test) clock moves
 * through the first days of December, deliveries handed over thirty days before get repeat-purchase
 * offers and customers with birthdays get greetings, both from the demo data; handing over a
 * shipment dates it, completes its order and sets up its own offer; big orders go to a senior
 * manager; and the trade rules (returns within a delivered order's total, unique SKUs) refuse bad
 * writes with ru/en messages and the database unchanged.
 */

const template = loadTemplate('e-commerce');
const data = template.data ?? {};
/** The demo data's reference date at 09:00 Moscow: the date triggers' cursors open here. */
const START = '2026-12-01T06:00:00.000Z';
/** A demo date field as the install at START stored it (the template dates its demo relative to the install). */
const installedDate = (value: unknown): string => {
  const parsed = looksLikeRelativeDate(value) ? parseRelativeDate(value) : 'shape';
  return typeof parsed === 'string' ? String(value ?? '') : resolveRelativeDate(parsed, new Date(START), 'Europe/Moscow', 'date');
};

interface Order {
  id: string;
  number: string;
  status: string;
  total: number;
  owner: string;
  customer: string;
  version: number;
}

interface Offer {
  id: string;
  code: string;
  customer: string;
  kind: string;
  discount: number;
  valid_until: string;
  delivery: string | null;
}

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

const demoUsers = (role: string): Array<{ email: string; team?: string | undefined }> => (template.users ?? []).filter((u) => u.roles.includes(role));

function outputOf(run: RunBody, nodeId: string): Record<string, unknown> {
  const output = run.steps.find((s) => s.nodeId === nodeId)?.output;
  return typeof output === 'object' && output !== null && !Array.isArray(output) ? { ...output } : {};
}

describe.each(testDatabaseKinds())('e-commerce template on %s', (kind) => {
  const clock = new TestClock(START);
  let rt: TestRuntime;
  const ids = new Map<string, string>();
  const tokens = new Map<string, string>();

  async function signIn(email: string): Promise<string> {
    const known = tokens.get(email);
    if (known) return known;
    const patched = await rt.request('PATCH', `/api/users/${ids.get(email) ?? ''}`, { body: { password: PERSON_PASSWORD } });
    if (patched.status !== 200) throw new Error(`password for ${email}: ${patched.status}`);
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PERSON_PASSWORD }, token: null });
    if (login.status !== 200) throw new Error(`sign-in ${email}: ${login.status}`);
    tokens.set(email, login.body.token);
    return login.body.token;
  }

  async function list<T>(entity: string, token?: string): Promise<T[]> {
    const res = await rt.request<{ data: T[] }>('GET', `/api/records/${entity}?limit=200`, token ? { token } : {});
    if (res.status !== 200) throw new Error(`${entity}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  async function scanTo(iso: string): Promise<void> {
    clock.set(iso);
    await datesScannedTo(rt, new Date(iso), 2);
    await settledRuns(rt, 'repeat_purchase_offer');
    await settledRuns(rt, 'birthday_greeting');
    await settled(rt);
  }

  /** Demo record ids by their template key, matched on a unique field. */
  async function idsByKey(entity: string, field: string): Promise<Map<string, string>> {
    const rows = await list<Record<string, unknown> & { id: string }>(entity);
    const byKey = new Map<string, string>();
    for (const row of data[entity] ?? []) {
      const stored = rows.find((r) => r[field] === row[field]);
      if (stored && typeof row['$key'] === 'string') byKey.set(row['$key'], stored.id);
    }
    return byKey;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'e-commerce', engine: { clock: clock.now, triggers: FAST_TRIGGERS }, workers: { pollMs: 100 } });
    const users = await rt.request<{ data: Array<{ id: string; email: string }> }>('GET', '/api/users?limit=200');
    for (const u of users.body.data) ids.set(u.email, u.id);
    await datesScannedTo(rt, new Date(START), 2);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('installs the demo shop: people, catalogue, customers, orders with lines, payments, deliveries, returns', async () => {
    for (const entity of ['product', 'customer', 'order', 'order_item', 'payment', 'delivery', 'return_request']) {
      expect(await list(entity), entity).toHaveLength(data[entity]?.length ?? -1);
    }
    for (const user of template.users ?? []) expect(ids.has(user.email), user.email).toBe(true);
    // Line amounts are the formula quantity × price.
    const lines = await list<{ quantity: number; price: number; amount: number }>('order_item');
    expect(lines.every((line) => line.amount === line.quantity * line.price)).toBe(true);
  });

  it('operators see their own orders, a senior manager the team’s, the warehouse every order but no payments', async () => {
    const all = await list<Order>('order');
    const operator = demoUsers('sales_operator')[0];
    const token = await signIn(operator?.email ?? '');
    const mine = await list<Order>('order', token);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((o) => o.id).sort()).toEqual(all.filter((o) => o.owner === ids.get(operator?.email ?? '')).map((o) => o.id).sort());
    const someoneElses = all.find((o) => o.owner !== ids.get(operator?.email ?? ''));
    expect((await rt.request('GET', `/api/records/order/${someoneElses?.id ?? ''}`, { token })).status).toBe(404);
    const product = (await list<{ id: string; price: number }>('product'))[0];
    expect((await rt.request('PATCH', `/api/records/product/${product?.id ?? ''}`, { token, body: { price: 1 } })).status).toBe(403);

    const senior = demoUsers('senior_manager').find((u) => u.team === operator?.team);
    const team = (template.users ?? []).filter((u) => u.team === operator?.team).map((u) => ids.get(u.email));
    const seniorSees = await list<Order>('order', await signIn(senior?.email ?? ''));
    expect(seniorSees.map((o) => o.id).sort()).toEqual(all.filter((o) => team.includes(o.owner)).map((o) => o.id).sort());

    const keeper = await signIn(demoUsers('warehouse')[0]?.email ?? '');
    expect(await list<Order>('order', keeper)).toHaveLength(all.length);
    expect((await rt.request('GET', '/api/records/payment', { token: keeper })).status).toBe(403);
    const order = all[0];
    expect((await rt.request('PATCH', `/api/records/order/${order?.id ?? ''}`, { token: keeper, body: { total: 1 } })).status).toBe(403);
    expect((await rt.request<Order>('GET', `/api/records/order/${order?.id ?? ''}`)).body.total).toBe(order?.total);
  });

  it('thirty days after delivery the customer gets a repeat-purchase offer, and on their birthday a greeting (demo data)', async () => {
    const deliveries = await idsByKey('delivery', 'title');
    const customers = await idsByKey('customer', 'email');
    await scanTo('2026-12-10T08:00:00.000Z');

    const dueDeliveries = (data['delivery'] ?? []).filter((d) => installedDate(d['delivered_on']) >= '2026-11-01' && installedDate(d['delivered_on']) <= '2026-11-10');
    expect(dueDeliveries.length).toBeGreaterThanOrEqual(2);
    const repeat = await settledRuns(rt, 'repeat_purchase_offer');
    expect(repeat.map((r) => r.recordId).sort()).toEqual(dueDeliveries.map((d) => deliveries.get(String(d['$key'])) ?? '').sort());
    expect(repeat.every((r) => r.status === 'completed')).toBe(true);

    const birthdays = (data['customer'] ?? []).filter((c) => String(c['birthday']).slice(5) >= '12-01' && String(c['birthday']).slice(5) <= '12-10');
    const greeted = await settledRuns(rt, 'birthday_greeting');
    expect(greeted.map((r) => r.recordId).sort()).toEqual(birthdays.map((c) => customers.get(String(c['$key'])) ?? '').sort());

    const offers = await list<Offer>('offer');
    expect(offers.filter((o) => o.kind === 'repeat_purchase')).toHaveLength(dueDeliveries.length);
    expect(offers.filter((o) => o.kind === 'birthday').map((o) => o.customer).sort()).toEqual(greeted.map((r) => r.recordId).sort());
    const mailbox = await rt.request<{ data: Array<{ to: string[]; subject: string; body: string; runId: string }> }>('GET', '/api/mailbox?limit=200');
    for (const run of repeat) {
      const detail = await runFor(rt, 'repeat_purchase_offer', run.recordId ?? '');
      const prepared = outputOf(detail, 'prepare');
      const offer = offers.find((o) => o.delivery === run.recordId);
      expect(offer).toMatchObject({ code: prepared['code'], discount: 10, kind: 'repeat_purchase' });
      const mail = mailbox.body.data.filter((m) => m.runId === run.id);
      expect(mail.map((m) => [m.to, m.subject])).toEqual([[[prepared['email']], 'Скидка 10 % на следующий заказ']]);
      expect(mail[0]?.body).toContain(String(prepared['code']));
    }
    // The customer who declined mailings gets the birthday offer but no e-mail.
    const declined = (data['customer'] ?? []).find((c) => c['marketing_consent'] === false && birthdays.includes(c));
    const declinedRun = greeted.find((r) => r.recordId === customers.get(String(declined?.['$key'])));
    expect(declinedRun).toBeDefined();
    expect((await runFor(rt, 'birthday_greeting', declinedRun?.recordId ?? '')).steps.map((s) => [s.nodeId, s.handle])).toEqual([
      ['prepare', 'out'],
      ['offer', 'out'],
      ['consent', 'false'],
      ['done', null],
    ]);
    expect(mailbox.body.data.filter((m) => m.runId === declinedRun?.id)).toHaveLength(0);
  });

  it('handing over a shipment dates it today, completes the order, and brings its own offer thirty days later', async () => {
    const keeper = await signIn(demoUsers('warehouse')[0]?.email ?? '');
    const shipment = (await list<{ id: string; status: string; order: string; delivered_on: string | null }>('delivery', keeper)).find((d) => d.status === 'in_transit');
    const handed = await rt.request<{ delivered_on: string }>('PATCH', `/api/records/delivery/${shipment?.id ?? ''}`, { token: keeper, body: { status: 'delivered' } });
    expect(handed.status).toBe(200);
    expect(handed.body.delivered_on).toBe('2026-12-10');
    expect((await runFor(rt, 'delivery_completes_order', shipment?.id ?? '')).status).toBe('completed');
    expect((await rt.request<Order>('GET', `/api/records/order/${shipment?.order ?? ''}`)).body.status).toBe('delivered');

    await scanTo('2027-01-09T06:59:00.000Z');
    expect(await runsOf(rt, 'repeat_purchase_offer', `?recordId=${shipment?.id ?? ''}`)).toHaveLength(0);
    await scanTo('2027-01-09T07:00:00.000Z');
    expect((await runFor(rt, 'repeat_purchase_offer', shipment?.id ?? '')).status).toBe('completed');
    expect((await list<Offer>('offer')).filter((o) => o.delivery === shipment?.id).map((o) => [o.discount, o.valid_until])).toEqual([[10, '2027-01-23']]);
  });

  it('an order over 100 000 ₽ goes to the least loaded senior manager; a small one stays with the operator', async () => {
    const operator = demoUsers('sales_operator')[0];
    const token = await signIn(operator?.email ?? '');
    const customer = (await list<{ id: string }>('customer'))[0];
    const big = await rt.request<Order>('POST', '/api/records/order', { token, body: { number: '200001', customer: customer?.id, total: 154990 } });
    expect(big.status).toBe(201);
    const seniors = demoUsers('senior_manager').map((u) => ids.get(u.email));
    expect(seniors).toContain(big.body.owner);
    expect((await runsOf(rt, 'big_orders_to_senior', `?recordId=${big.body.id}`)).map((r) => [r.mode, r.status])).toEqual([['before-save', 'completed']]);
    const small = await rt.request<Order>('POST', '/api/records/order', { token, body: { number: '200002', customer: customer?.id, total: 4990 } });
    expect(small.body.owner).toBe(ids.get(operator?.email ?? ''));
    expect(await runsOf(rt, 'big_orders_to_senior', `?recordId=${small.body.id}`)).toHaveLength(0);
  });

  it('trade rules: a return only for a delivered order and within its total; SKUs are unique', async () => {
    const orders = await list<Order>('order');
    const returns = await list<{ id: string; order: string; amount: number }>('return_request');
    const delivered = orders.find((o) => o.status === 'delivered' && !returns.some((r) => r.order === o.id) && demoUsers('sales_operator').some((u) => ids.get(u.email) === o.owner));
    const ownerEmail = [...ids].find(([, id]) => id === delivered?.owner)?.[0] ?? '';
    const token = await signIn(ownerEmail);
    const total = delivered?.total ?? 0;

    const tooMuch = await rt.request<ErrorBody>('POST', '/api/records/return_request', { token, body: { title: 'Возврат: слишком много', order: delivered?.id, reason: 'not_fit', amount: total + 1 } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('PROCESS_FAILED');
    expect(tooMuch.body.error.message).toBe(`The process “Returns within the order” refused the save: Returns of ${total + 1} ₽ exceed the order total of ${total} ₽`);
    expect(tooMuch.body.error.details).toEqual([
      expect.objectContaining({
        code: 'SAVE_REFUSED',
        field: 'amount',
        nodeId: 'refuse_too_much',
        process: 'return_within_order',
        message: `Returns of ${total + 1} ₽ exceed the order total of ${total} ₽`,
        message_ru: `Сумма возвратов ${total + 1} ₽ больше суммы заказа ${total} ₽`,
      }),
    ]);

    const notDelivered = orders.find((o) => o.status === 'paid' && o.owner === delivered?.owner) ?? orders.find((o) => o.status === 'paid');
    const early = await rt.request<ErrorBody>('POST', '/api/records/return_request', { body: { title: 'Возврат: рано', order: notDelivered?.id, reason: 'changed_mind', amount: 100 } });
    expect(early.status).toBe(422);
    expect(early.body.error.details).toEqual([
      expect.objectContaining({ code: 'SAVE_REFUSED', field: 'order', message: 'Only a delivered order can be returned', message_ru: 'Вернуть можно только доставленный заказ' }),
    ]);
    expect(await list('return_request')).toHaveLength(returns.length);

    const half = Math.floor(total / 2);
    const ok = await rt.request<{ id: string; customer: string }>('POST', '/api/records/return_request', { token, body: { title: 'Возврат: не подошёл', order: delivered?.id, reason: 'not_fit', amount: half } });
    expect(ok.status).toBe(201);
    expect(ok.body.customer).toBe(delivered?.customer);
    const received = await runFor(rt, 'return_to_warehouse', ok.body.id);
    expect(received.status).toBe('completed');
    const assigned = outputOf(received, 'keeper')['assigned'];
    const keeperId = typeof assigned === 'object' && assigned !== null && 'id' in assigned ? String(assigned.id) : '';
    expect(demoUsers('warehouse').map((u) => ids.get(u.email))).toContain(keeperId);
    const keeperEmail = [...ids].find(([, id]) => id === keeperId)?.[0] ?? '';
    const tasks = await rt.request<{ data: Array<{ title: string; runId: string }> }>('GET', '/api/tasks', { token: await signIn(keeperEmail) });
    expect(tasks.body.data.filter((t) => t.runId === received.id).map((t) => t.title)).toEqual(['Принять возврат: Возврат: не подошёл / Receive the return']);

    // The second return counts the first: together they may not exceed the order.
    const second = await rt.request<ErrorBody>('POST', '/api/records/return_request', { token, body: { title: 'Возврат: остальное и ещё', order: delivered?.id, reason: 'defect', amount: total - half + 1 } });
    expect(second.status).toBe(422);
    expect(await list('return_request')).toHaveLength(returns.length + 1);

    const product = (data['product'] ?? [])[0];
    const before = (await list('product')).length;
    const duplicate = await rt.request<ErrorBody>('POST', '/api/records/product', { body: { name: 'Копия', sku: product?.['sku'], category: 'home', price: 100 } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details).toEqual([expect.objectContaining({ field: 'sku' })]);
    expect(JSON.stringify(duplicate.body.error.details)).toMatch(/[а-я]/);
    expect(await list('product')).toHaveLength(before);
  });
});
