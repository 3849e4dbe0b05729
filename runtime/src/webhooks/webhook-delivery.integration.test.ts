import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordService } from '../records/index.js';
import { testDatabaseKinds } from '../db/test-database.js';
import type { Actor } from '../people/user.types.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { verifySignature } from './webhook-signature.signer.js';
import {
  allowHosts,
  createPerson,
  createRecord,
  deliveriesOf,
  drain,
  lastAt,
  payloadOf,
  startReceiver,
  subscribe,
  updateRecord,
  type CreatedSubscription,
  type Person,
  type Receiver,
} from './webhooks.test-support.js';

/*
 * Deliveries over real HTTP with the b2b-sales template: what is sent, signed how, to whom, with
 * which fields (the subscription owner's permissions, read at delivery time), what a rolled-back
 * write sends (nothing), and how failures are retried. The receiver is a local server on 127.0.0.1,
 * allow-listed through the admin settings API; the delivery duty is run by the test.
 */

describe.each(testDatabaseKinds())('webhook deliveries on %s', (kind) => {
  let rt: TestRuntime;
  let receiver: Receiver;
  let rep: Person;
  let otherRep: Person;
  let adminSub: CreatedSubscription;
  let repSub: CreatedSubscription;
  let dealId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    await allowHosts(rt, ['127.0.0.1']);
    rep = await createPerson(rt, 'rep.hooks@example.com', ['sales_rep']);
    otherRep = await createPerson(rt, 'other.rep.hooks@example.com', ['sales_rep']);
    adminSub = await subscribe(rt, { name: 'ERP (all deals)', url: receiver.url('/ok/admin'), entity: 'deal', events: ['create', 'update', 'delete', 'restore'] });
    repSub = await subscribe(rt, { name: 'Rep mirror', url: receiver.url('/ok/rep'), entity: 'deal', events: ['create', 'update', 'delete', 'restore'], owner: rep.id });
  });
  afterAll(async () => {
    await rt?.close();
    await receiver?.close();
  });

  it('posts the signed event to every matching subscription, with the same id in body, X-CRM-Delivery and Idempotency-Key', async () => {
    const deal = await createRecord(rt, 'deal', { title: 'Поставка стоек', amount: 5000, margin: 12, discount: 3, owner: rep.id });
    dealId = deal.id;
    const run = await drain(rt);
    expect(run).toMatchObject({ claimed: 2, delivered: 2, failed: 0 });

    const [sent] = receiver.at('/ok/admin');
    expect(sent).toBeDefined();
    if (!sent) return;
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(verifySignature(adminSub.secret, sent.body, String(sent.headers['x-crm-signature']))).toBe(true);
    expect(verifySignature(repSub.secret, sent.body, String(sent.headers['x-crm-signature']))).toBe(false);
    const payload = payloadOf(sent);
    expect(sent.headers['x-crm-event']).toBe('create');
    expect(sent.headers['x-crm-delivery']).toBe(payload.id);
    expect(sent.headers['idempotency-key']).toBe(payload.id);
    expect(payload).toMatchObject({ event: 'create', entity: 'deal', recordId: deal.id, version: 1, subscription: adminSub.id });
    expect(new Date(String(Reflect.get(payload, 'occurredAt'))).getTime()).not.toBeNaN();
    expect(payload.record).toMatchObject({ id: deal.id, title: 'Поставка стоек', margin: 12, discount: 3, owner: rep.id });
    expect(payload.changes).toContainEqual({ field: 'margin', old: null, new: 12 });

    const deliveries = await deliveriesOf(rt, adminSub.id);
    expect(deliveries[0]).toMatchObject({ id: payload.id, event: 'create', recordId: deal.id, version: 1, status: 'delivered', attempts: 1, responseStatus: 200, error: null });
  });

  it("gives a sales rep's subscription their own deal without the margin hidden from their role", async () => {
    const [sent] = receiver.at('/ok/rep');
    expect(sent).toBeDefined();
    if (!sent) return;
    expect(verifySignature(repSub.secret, sent.body, String(sent.headers['x-crm-signature']))).toBe(true);
    const payload = payloadOf(sent);
    expect(payload.recordId).toBe(dealId);
    expect(payload.record).toMatchObject({ title: 'Поставка стоек', discount: 3 });
    expect(payload.record).not.toHaveProperty('margin');
    expect(payload.changes.map((c) => c.field)).not.toContain('margin');
    expect(sent.body).not.toContain('margin');
  });

  it("does not deliver another rep's deal to the rep's subscription at all", async () => {
    const before = receiver.at('/ok/rep').length;
    const theirs = await createRecord(rt, 'deal', { title: 'Чужая сделка', amount: 7000 }, otherRep.token);
    const run = await drain(rt);
    expect(run).toMatchObject({ claimed: 2, delivered: 1, skipped: 1 });
    expect(receiver.at('/ok/rep')).toHaveLength(before);
    expect(receiver.at('/ok/admin').some((r) => payloadOf(r).recordId === theirs.id)).toBe(true);
    const [skipped] = await deliveriesOf(rt, repSub.id);
    expect(skipped).toMatchObject({ recordId: theirs.id, status: 'skipped', attempts: 0, error: { code: 'NOT_READABLE' } });
  });

  it('leaves out changes to hidden fields, and sends nothing when only hidden fields changed', async () => {
    const repBefore = receiver.at('/ok/rep').length;
    await updateRecord(rt, 'deal', dealId, { margin: 20 });
    expect(await drain(rt)).toMatchObject({ delivered: 1, skipped: 1 });
    expect(receiver.at('/ok/rep')).toHaveLength(repBefore);
    const adminUpdate = payloadOf(lastAt(receiver, '/ok/admin'));
    expect(adminUpdate).toMatchObject({ event: 'update', recordId: dealId, version: 2, changes: [{ field: 'margin', old: 12, new: 20 }] });
    expect((await deliveriesOf(rt, repSub.id))[0]).toMatchObject({ status: 'skipped', error: { code: 'NO_VISIBLE_CHANGES' } });

    await updateRecord(rt, 'deal', dealId, { margin: 25, title: 'Поставка стоек (2)' });
    await drain(rt);
    const repUpdate = lastAt(receiver, '/ok/rep');
    expect(receiver.at('/ok/rep')).toHaveLength(repBefore + 1);
    expect(repUpdate.body).not.toContain('margin');
    expect(payloadOf(repUpdate)).toMatchObject({ event: 'update', version: 3, changes: [{ field: 'title', old: 'Поставка стоек', new: 'Поставка стоек (2)' }] });
  });

  it("uses the owner's roles as they are at delivery time: a role change counts from the next delivery", async () => {
    const promote = await rt.request('PATCH', `/api/users/${rep.id}`, { body: { roles: ['senior_manager'] } });
    expect(promote.status).toBe(200);
    await updateRecord(rt, 'deal', dealId, { title: 'Поставка стоек (3)' });
    await drain(rt);
    const promoted = payloadOf(lastAt(receiver, '/ok/rep'));
    expect(promoted).toMatchObject({ version: 4, record: { margin: 25 } });

    // Queued while the owner could read the margin, sent after the role was taken back: no margin.
    await updateRecord(rt, 'deal', dealId, { title: 'Поставка стоек (4)' });
    const demote = await rt.request('PATCH', `/api/users/${rep.id}`, { body: { roles: ['sales_rep'] } });
    expect(demote.status).toBe(200);
    await drain(rt);
    const demoted = lastAt(receiver, '/ok/rep');
    expect(payloadOf(demoted)).toMatchObject({ version: 5 });
    expect(demoted.body).not.toContain('margin');

    const disable = await rt.request('PATCH', `/api/users/${rep.id}`, { body: { roles: [] } });
    expect(disable.status).toBe(200);
    const before = receiver.at('/ok/rep').length;
    await updateRecord(rt, 'deal', dealId, { title: 'Поставка стоек (5)' });
    expect(await drain(rt)).toMatchObject({ delivered: 1, skipped: 1 });
    expect(receiver.at('/ok/rep')).toHaveLength(before);
    await rt.request('PATCH', `/api/users/${rep.id}`, { body: { roles: ['sales_rep'] } });
  });

  it('queues deletes and restores too, with the deleted_at change', async () => {
    expect((await rt.request('DELETE', `/api/records/deal/${dealId}`)).status).toBe(204);
    expect((await rt.request('POST', `/api/records/deal/${dealId}/restore`)).status).toBe(200);
    await drain(rt);
    const events = receiver.at('/ok/rep').slice(-2).map(payloadOf);
    expect(events.map((e) => e.event)).toEqual(['delete', 'restore']);
    expect(events[0]?.changes[0]).toMatchObject({ field: 'deleted_at', old: null });
    expect(events[0]?.record?.['deleted_at']).toEqual(expect.any(String));
    expect(events[1]?.record?.['deleted_at']).toBeNull();
  });

  it('narrows to the listed fields: updates of other fields are not queued', async () => {
    const stageSub = await subscribe(rt, { name: 'Stage feed', url: receiver.url('/ok/stage'), entity: 'deal', events: ['update'], fields: ['stage', 'margin'] });
    await updateRecord(rt, 'deal', dealId, { title: 'Поставка стоек (6)' });
    await updateRecord(rt, 'deal', dealId, { stage: 'qualified', description: 'КП отправлено' });
    await drain(rt);
    const sent = receiver.at('/ok/stage').map(payloadOf);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.changes.map((c) => c.field)).toEqual(['stage']);
    expect(Object.keys(sent[0]?.record ?? {}).sort()).toEqual(['created_at', 'created_by', 'deleted_at', 'id', 'margin', 'owner', 'stage', 'updated_at', 'updated_by', 'version']);
    await rt.request('DELETE', `/api/webhooks/${stageSub.id}`);
  });

  it('queues nothing for a write that rolls back', async () => {
    const me = await rt.request<{ user: Actor }>('GET', '/api/auth/me');
    const live = await rt.runtime.context.definitions.getLive();
    if (!live) throw new Error('no live definition');
    const count = async (): Promise<number> => Number((await rt.db.knex('webhook_deliveries').count({ n: '*' }).first())?.n ?? 0);
    const before = await count();

    await expect(
      rt.db.knex.transaction(async (trx) => {
        const service = createRecordService({ db: trx, app: live.app, caller: { user: me.body.user }, hooks: rt.runtime.engine.seams.hooks, events: rt.runtime.engine.seams.events });
        await service.create('deal', { title: 'Откатится', amount: 3000, owner: rep.id });
        // The sink ran inside this transaction: its rows are visible here, and only here.
        const queued = Number((await trx('webhook_deliveries').count({ n: '*' }).first())?.n ?? 0);
        expect(queued).toBe(before + 2);
        throw new Error('roll the write back');
      }),
    ).rejects.toThrow('roll the write back');

    expect(await count()).toBe(before);
    const sentBefore = receiver.received.length;
    expect(await drain(rt)).toMatchObject({ claimed: 0 });
    expect(receiver.received).toHaveLength(sentBefore);
    expect(receiver.received.some((r) => r.body.includes('Откатится'))).toBe(false);
  });

  it('retries failures with growing, jittered waits and the same delivery id, then marks the delivery failed', async () => {
    const failing = await subscribe(rt, { name: 'Flaky CRM', url: receiver.url('/fail/crm'), entity: 'company', events: ['create'] });
    let now = new Date(Date.now() + 1000);
    const options = { clock: () => now, maxAttempts: 3, retry: { baseMs: 60_000, capMs: 600_000 }, random: () => 0.5 };
    const company = await createRecord(rt, 'company', { name: 'ООО «Ретрай»' });

    const dueAt = async (): Promise<number> => {
      const row: { next_attempt_at: string } | undefined = await rt.db.knex('webhook_deliveries').where({ subscription_id: failing.id }).first('next_attempt_at');
      return new Date(row?.next_attempt_at ?? 0).getTime();
    };

    expect(await drain(rt, options)).toMatchObject({ claimed: 1, retrying: 1 });
    // attempt 1 failed: wait half of 60 s plus half of the other half (random 0.5)
    expect((await dueAt()) - now.getTime()).toBe(45_000);
    expect(await drain(rt, options)).toMatchObject({ claimed: 0 });

    now = new Date(now.getTime() + 45_000);
    expect(await drain(rt, options)).toMatchObject({ claimed: 1, retrying: 1 });
    expect((await dueAt()) - now.getTime()).toBe(90_000);

    now = new Date(now.getTime() + 90_000);
    expect(await drain(rt, options)).toMatchObject({ claimed: 1, failed: 1 });

    const attempts = receiver.at('/fail/crm');
    expect(attempts).toHaveLength(3);
    const ids = new Set(attempts.map((a) => a.headers['x-crm-delivery']));
    expect(ids.size).toBe(1);
    for (const a of attempts) {
      expect(payloadOf(a)).toMatchObject({ recordId: company.id, event: 'create' });
      expect(payloadOf(a).id).toBe(a.headers['x-crm-delivery']);
      expect(verifySignature(failing.secret, a.body, String(a.headers['x-crm-signature']))).toBe(true);
    }
    const [failed] = await deliveriesOf(rt, failing.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, responseStatus: 503, nextAttemptAt: null, error: { code: 'HTTP_STATUS' } });

    // An admin retries it once the receiver is fixed: same id again.
    receiver.statusFor = () => 200;
    try {
      const retry = await rt.request<{ delivery: { status: string } }>('POST', `/api/webhooks/${failing.id}/deliveries/${failed?.id}/retry`);
      expect(retry.status).toBe(202);
      expect(retry.body.delivery.status).toBe('pending');
      expect(await drain(rt, { clock: () => new Date(now.getTime() + 1000) })).toMatchObject({ delivered: 1 });
      expect(receiver.at('/fail/crm').at(-1)?.headers['x-crm-delivery']).toBe(failed?.id);
      const again = await rt.request('POST', `/api/webhooks/${failing.id}/deliveries/${failed?.id}/retry`);
      expect(again.status).toBe(409);
    } finally {
      receiver.statusFor = (path) => (path.startsWith('/fail') ? 503 : 200);
    }
    await rt.request('DELETE', `/api/webhooks/${failing.id}`);
  });

  it('retries a receiver that cannot be reached', async () => {
    const closed = await startReceiver();
    const url = closed.url('/gone');
    await closed.close();
    const unreachable = await subscribe(rt, { name: 'Down', url, entity: 'company', events: ['create'] });
    await createRecord(rt, 'company', { name: 'ООО «Недоступно»' });
    expect(await drain(rt, { maxAttempts: 5 })).toMatchObject({ claimed: 1, retrying: 1 });
    const [pending] = await deliveriesOf(rt, unreachable.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, error: { code: 'NETWORK' } });
    expect(pending?.nextAttemptAt).toEqual(expect.any(String));
    await rt.request('DELETE', `/api/webhooks/${unreachable.id}`);
  });

  it('sends each delivery once when two workers run the duty at the same time', async () => {
    const raced = await subscribe(rt, { name: 'Raced', url: receiver.url('/ok/raced'), entity: 'company', events: ['create'] });
    for (let i = 0; i < 6; i += 1) await createRecord(rt, 'company', { name: `ООО «Гонка ${i}»` });
    const runs = await Promise.all([drain(rt, { batch: 2 }), drain(rt, { batch: 2 })]);
    expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(6);
    const ids = receiver.at('/ok/raced').map((r) => r.headers['x-crm-delivery']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    await rt.request('DELETE', `/api/webhooks/${raced.id}`);
  });

  it('holds the queue of a paused subscription and sends it when resumed', async () => {
    const paused = await subscribe(rt, { name: 'Paused', url: receiver.url('/ok/paused'), entity: 'company', events: ['create'] });
    await createRecord(rt, 'company', { name: 'ООО «Пауза»' });
    expect((await rt.request('PATCH', `/api/webhooks/${paused.id}`, { body: { active: false } })).status).toBe(200);
    await createRecord(rt, 'company', { name: 'ООО «Не в очереди»' });
    await drain(rt);
    expect(receiver.at('/ok/paused')).toHaveLength(0);
    expect((await rt.request('PATCH', `/api/webhooks/${paused.id}`, { body: { active: true } })).status).toBe(200);
    await drain(rt);
    expect(receiver.at('/ok/paused').map((r) => payloadOf(r).record?.['name'])).toEqual(['ООО «Пауза»']);
  });
});
