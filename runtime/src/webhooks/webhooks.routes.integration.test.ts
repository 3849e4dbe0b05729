import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { verifySignature } from './webhook-signature.signer.js';
import type { DeliveryView, SubscriptionView } from './webhook.types.js';
import { allowHosts, createPerson, lastAt, payloadOf, startReceiver, type Person, type Receiver } from './webhooks.test-support.js';

/*
 * The subscriptions API over HTTP: admins only, closed and checked bodies (400 naming each field,
 * en and ru), the secret shown once, recent deliveries on the subscription, a signed ping, edits,
 * removal, and every change in the audit log.
 */

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code: string; message: string; message_ru?: string }> };
}

type Created = SubscriptionView & { secret?: string };

describe.each(testDatabaseKinds())('webhooks API on %s', (kind) => {
  let rt: TestRuntime;
  let receiver: Receiver;
  let rep: Person;
  let adminId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    await allowHosts(rt, ['127.0.0.1']);
    rep = await createPerson(rt, 'rep.api@example.com', ['sales_rep']);
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await rt?.close();
    await receiver?.close();
  });

  it('creates a subscription owned by its admin, shows a generated secret once, never again', async () => {
    const res = await rt.request<Created>('POST', '/api/webhooks', {
      body: { name: '  1C deals  ', url: receiver.url('/ok/1c'), entity: 'deal', events: ['update', 'create', 'update'] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/webhooks/${res.body.id}`);
    expect(res.body).toMatchObject({ name: '1C deals', url: receiver.url('/ok/1c'), entity: 'deal', events: ['create', 'update'], fields: null, owner: adminId, active: true, createdBy: adminId });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const secret = res.body.secret ?? '';

    const list = await rt.request<{ data: SubscriptionView[] }>('GET', '/api/webhooks');
    expect(list.body.data.map((s) => s.id)).toContain(res.body.id);
    const one = await rt.request<SubscriptionView & { deliveries: DeliveryView[] }>('GET', `/api/webhooks/${res.body.id}`);
    expect(one.body.deliveries).toEqual([]);
    expect(JSON.stringify(list.body) + JSON.stringify(one.body)).not.toContain(secret);
    expect(JSON.stringify(one.body)).not.toMatch(/"secret"/);

    const audit = await rt.request<{ data: Array<{ action: string; details: Record<string, unknown> }> }>('GET', '/api/audit?action=webhook.*');
    expect(audit.body.data[0]).toMatchObject({ action: 'webhook.create' });
    expect(JSON.stringify(audit.body)).not.toContain(secret);
  });

  it('keeps a secret the admin chose without echoing it, and takes an owner with restricted roles', async () => {
    const res = await rt.request<Created>('POST', '/api/webhooks', {
      body: { name: 'Rep feed', url: receiver.url('/ok/rep'), entity: 'deal', events: ['create'], secret: 'my-own-secret-value-123', owner: rep.id, fields: ['title', 'stage'], active: false },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ owner: rep.id, fields: ['title', 'stage'], active: false });
    expect(res.body.secret).toBeUndefined();
    const row: { secret: string } | undefined = await rt.db.knex('webhook_subscriptions').where({ id: res.body.id }).first('secret');
    expect(row?.secret).toBe('my-own-secret-value-123');
  });

  it('names every wrong field in one 400, in English and Russian', async () => {
    const res = await rt.request<ErrorBody>('POST', '/api/webhooks', {
      body: { name: '', url: 'ftp://x.example/', entity: 'nope', events: ['create', 'explode'], secret: 'short', owner: '00000000-0000-4000-8000-000000000000', active: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = res.body.error.details.map((d) => d.field).sort();
    expect(fields).toEqual(['active', 'entity', 'events', 'name', 'owner', 'secret', 'url']);
    for (const detail of res.body.error.details) expect(detail.message_ru, String(detail.field)).toEqual(expect.any(String));

    const unknownField = await rt.request<ErrorBody>('POST', '/api/webhooks', { body: { name: 'x', url: receiver.url('/ok/x'), entity: 'deal', events: ['create'], fields: ['title', 'colour'] } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details).toEqual([expect.objectContaining({ field: 'fields', code: 'UNKNOWN_FIELD' })]);

    const extraKey = await rt.request<ErrorBody>('POST', '/api/webhooks', { body: { name: 'x', url: receiver.url('/ok/x'), entity: 'deal', events: ['create'], createdBy: rep.id } });
    expect(extraKey.status).toBe(400);
    expect(extraKey.body.error.details[0]).toMatchObject({ field: 'createdBy', code: 'UNKNOWN_FIELD' });
  });

  it('is for admins only', async () => {
    const sub = await rt.request<Created>('POST', '/api/webhooks', { body: { name: 'guarded', url: receiver.url('/ok/g'), entity: 'deal', events: ['create'] } });
    const calls: Array<[string, string, Record<string, unknown> | undefined]> = [
      ['GET', '/api/webhooks', undefined],
      ['POST', '/api/webhooks', { name: 'mine', url: receiver.url('/ok/mine'), entity: 'deal', events: ['create'], owner: rep.id }],
      ['GET', `/api/webhooks/${sub.body.id}`, undefined],
      ['PATCH', `/api/webhooks/${sub.body.id}`, { url: receiver.url('/ok/stolen') }],
      ['DELETE', `/api/webhooks/${sub.body.id}`, undefined],
      ['POST', `/api/webhooks/${sub.body.id}/test`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await rt.request(method, path, { token: rep.token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await rt.request(method, path, { token: null, ...(body ? { body } : {}) })).status, `${method} ${path} anonymous`).toBe(401);
    }
    const after = await rt.request<SubscriptionView>('GET', `/api/webhooks/${sub.body.id}`);
    expect(after.body.url).toBe(receiver.url('/ok/g'));
    expect(await rt.db.knex('webhook_subscriptions').where({ name: 'mine' }).first()).toBeUndefined();
  });

  it('sends a signed ping on request and lists it among the recent deliveries', async () => {
    const sub = await rt.request<Created>('POST', '/api/webhooks', { body: { name: 'pinged', url: receiver.url('/ok/ping'), entity: 'company', events: ['create'] } });
    const ping = await rt.request<{ delivery: DeliveryView }>('POST', `/api/webhooks/${sub.body.id}/test`);
    expect(ping.status).toBe(200);
    expect(ping.body.delivery).toMatchObject({ event: 'ping', status: 'delivered', attempts: 1, responseStatus: 200, recordId: null });
    const got = lastAt(receiver, '/ok/ping');
    expect(got.headers['x-crm-event']).toBe('ping');
    expect(got.headers['x-crm-delivery']).toBe(ping.body.delivery.id);
    expect(verifySignature(sub.body.secret ?? '', got.body, String(got.headers['x-crm-signature']))).toBe(true);
    expect(payloadOf(got)).toMatchObject({ id: ping.body.delivery.id, event: 'ping', entity: 'company', recordId: null, record: null, changes: [] });

    const failing = await rt.request<Created>('POST', '/api/webhooks', { body: { name: 'ping fails', url: receiver.url('/fail/ping'), entity: 'company', events: ['create'] } });
    const failed = await rt.request<{ delivery: DeliveryView }>('POST', `/api/webhooks/${failing.body.id}/test`);
    expect(failed.body.delivery).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 503, error: { code: 'HTTP_STATUS' } });
    const listed = await rt.request<{ deliveries: DeliveryView[] }>('GET', `/api/webhooks/${failing.body.id}`);
    expect(listed.body.deliveries.map((d) => d.id)).toEqual([failed.body.delivery.id]);
  });

  it('edits a subscription with the same checks, rotates the secret on request, and deletes it', async () => {
    const sub = await rt.request<Created>('POST', '/api/webhooks', { body: { name: 'editable', url: receiver.url('/ok/e'), entity: 'deal', events: ['create'], fields: ['margin'] } });
    const blocked = await rt.request<ErrorBody>('PATCH', `/api/webhooks/${sub.body.id}`, { body: { url: 'http://0xa9.0xfe.0xa9.0xfe/latest/' } });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.details[0]).toMatchObject({ field: 'url', code: 'BLOCKED_ADDRESS' });
    const orphanFields = await rt.request<ErrorBody>('PATCH', `/api/webhooks/${sub.body.id}`, { body: { entity: 'company' } });
    expect(orphanFields.status).toBe(400);
    expect(orphanFields.body.error.details[0]).toMatchObject({ field: 'fields', code: 'UNKNOWN_FIELD' });

    const edited = await rt.request<Created>('PATCH', `/api/webhooks/${sub.body.id}`, { body: { name: 'edited', events: ['delete', 'create'], fields: null, rotateSecret: true } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'edited', events: ['create', 'delete'], fields: null });
    expect(edited.body.secret).toMatch(/^whsec_/);
    expect(edited.body.secret).not.toBe(sub.body.secret);

    expect((await rt.request('DELETE', `/api/webhooks/${sub.body.id}`)).status).toBe(204);
    expect((await rt.request<ErrorBody>('GET', `/api/webhooks/${sub.body.id}`)).status).toBe(404);
    expect((await rt.request<ErrorBody>('GET', '/api/webhooks/not-a-uuid')).status).toBe(404);
    const audit = await rt.request<{ data: Array<{ action: string; target: { id: string } }> }>('GET', '/api/audit?action=webhook.*');
    const actions = audit.body.data.filter((e) => JSON.stringify(e).includes(sub.body.id)).map((e) => e.action);
    expect(actions).toEqual(['webhook.delete', 'webhook.update', 'webhook.create']);
  });
});
