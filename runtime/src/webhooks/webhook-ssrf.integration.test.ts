import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import type { Resolver } from '../outbound/index.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { verifySignature } from './webhook-signature.signer.js';
import { allowHosts, createRecord, deliveriesOf, drain, lastAt, payloadOf, startReceiver, subscribe, type Receiver } from './webhooks.test-support.js';

/*
 * Webhooks may not be turned against our own network: loopback, private, link-local and metadata
 * targets are refused in every spelling when a subscription is saved, and again at delivery (the
 * allow-list may have shrunk, DNS may answer differently, a redirect may point inside). Refusals
 * at delivery fail at once and are not retried. Only an admin's allow-list opens a private host,
 * and never a metadata address.
 */

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ field?: string; code: string; message: string; message_ru?: string }> };
}

const BLOCKED_AT_CREATION = [
  'http://127.0.0.1:9/hook',
  'http://localhost:9/hook',
  'http://[::1]/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://10.0.0.1/hook',
  'http://167772161/hook',
  'http://012.0.0.1/hook',
  'http://0x0a.0.0.1/hook',
  'http://0xa000001/hook',
  'http://2130706433/hook',
  'http://0177.0.0.1/hook',
  'http://[::ffff:10.0.0.1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:a9fe:a9fe]/hook',
  'http://user@10.0.0.1/hook',
  'http://partner.example@127.0.0.1/hook',
  'http://192.168.10.20/hook',
  'http://[fd00::1]/hook',
];

describe.each(testDatabaseKinds())('webhook SSRF defences on %s', (kind) => {
  let rt: TestRuntime;
  let receiver: Receiver;
  let other: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    other = await startReceiver();
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
  });
  afterAll(async () => {
    await rt?.close();
    await receiver?.close();
    await other?.close();
  });

  it.each(BLOCKED_AT_CREATION)('refuses %s when saved, naming url in en and ru', async (url) => {
    const res = await rt.request<ErrorBody>('POST', '/api/webhooks', { body: { name: 'probe', url, entity: 'company', events: ['create'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toHaveLength(1);
    expect(res.body.error.details[0]).toMatchObject({ field: 'url', code: 'BLOCKED_ADDRESS' });
    expect(res.body.error.details[0]?.message).toMatch(/loopback, private, link-local or cloud metadata/);
    expect(res.body.error.details[0]?.message_ru).toMatch(/частный/);
    expect(await rt.db.knex('webhook_subscriptions').where({ name: 'probe' }).first()).toBeUndefined();
  });

  it('refuses other schemes and credentials in the URL', async () => {
    for (const [url, code] of [
      ['ftp://hooks.partner.example/', 'SCHEME_NOT_ALLOWED'],
      ['file:///etc/passwd', 'SCHEME_NOT_ALLOWED'],
      ['gopher://127.0.0.1:6379/_FLUSHALL', 'SCHEME_NOT_ALLOWED'],
      ['hooks.partner.example/no-scheme', 'INVALID_URL'],
    ]) {
      const res = await rt.request<ErrorBody>('POST', '/api/webhooks', { body: { name: 'probe', url, entity: 'company', events: ['create'] } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details[0], url).toMatchObject({ field: 'url', code });
    }
  });

  it('lets an allow-listed loopback receiver through, but never the metadata address', async () => {
    await allowHosts(rt, ['127.0.0.1', '169.254.169.254']);
    const ok = await rt.request<{ id: string }>('POST', '/api/webhooks', { body: { name: 'local', url: receiver.url('/ok/local'), entity: 'company', events: ['create'] } });
    expect(ok.status).toBe(201);
    await rt.request('DELETE', `/api/webhooks/${ok.body.id}`);
    const meta = await rt.request<ErrorBody>('POST', '/api/webhooks', { body: { name: 'probe', url: 'http://169.254.169.254/latest/meta-data/', entity: 'company', events: ['create'] } });
    expect(meta.status).toBe(400);
    expect(meta.body.error.details[0]).toMatchObject({ field: 'url', code: 'BLOCKED_ADDRESS' });
    await allowHosts(rt, ['127.0.0.1']);
  });

  it('refuses at delivery a host taken off the allow-list, at once and without retrying', async () => {
    const sub = await subscribe(rt, { name: 'was allowed', url: receiver.url('/ok/was-allowed'), entity: 'contact', events: ['create'] });
    await allowHosts(rt, []);
    try {
      await createRecord(rt, 'contact', { first_name: 'Пётр', last_name: 'Блоков' });
      expect(await drain(rt)).toMatchObject({ claimed: 1, failed: 1 });
      expect(receiver.at('/ok/was-allowed')).toHaveLength(0);
      const [failed] = await deliveriesOf(rt, sub.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'BLOCKED_ADDRESS' } });
      expect(failed?.error?.message).toMatch(/loopback/);
      expect(failed?.error?.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    } finally {
      await allowHosts(rt, ['127.0.0.1']);
      await rt.request('DELETE', `/api/webhooks/${sub.id}`);
    }
  });

  it.each([
    ['a private address', 'http://10.0.0.1/steal', /10\.0\.0\.1/],
    ['a private address in decimal', 'http://167772161/steal', /10\.0\.0\.1/],
    ['a private address in hex', 'http://0x0a.0.0.1/steal', /10\.0\.0\.1/],
    ['an IPv4-mapped private address', 'http://[::ffff:192.168.0.1]/steal', /192\.168\.0\.1|::ffff/],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/iam/', /169\.254\.169\.254/],
    ['a metadata name', 'http://metadata.google.internal/computeMetadata/v1/', /metadata/],
  ])('refuses a redirect to %s and does not retry it', async (_what, target, mentions) => {
    const path = `/redirect-${Math.random().toString(36).slice(2)}`;
    const sub = await subscribe(rt, { name: 'redirecting', url: receiver.url(`/redirect?to=${encodeURIComponent(target)}&p=${path}`), entity: 'company', events: ['create'] });
    await createRecord(rt, 'company', { name: `ООО «Редирект ${path}»` });
    expect(await drain(rt)).toMatchObject({ claimed: 1, failed: 1 });
    const [failed] = await deliveriesOf(rt, sub.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'BLOCKED_ADDRESS' } });
    expect(`${failed?.error?.message} ${failed?.error?.url}`).toMatch(mentions);
    // Refused at the redirect: the first hop reached the receiver, the second never left.
    expect(receiver.received.filter((r) => r.path === '/redirect' && r.body.includes(path))).toHaveLength(1);
    expect(failed?.error?.url).not.toContain(`:${receiver.port}`);
    await rt.request('DELETE', `/api/webhooks/${sub.id}`);
  });

  it('follows a redirect to another allowed origin without the signature (credentials stay behind)', async () => {
    const sub = await subscribe(rt, { name: 'moved', url: receiver.url(`/redirect?to=${encodeURIComponent(other.url('/ok/moved'))}&status=308`), entity: 'company', events: ['create'] });
    await createRecord(rt, 'company', { name: 'ООО «Переезд»' });
    expect(await drain(rt)).toMatchObject({ claimed: 1, delivered: 1 });
    const first = lastAt(receiver, '/redirect');
    const moved = lastAt(other, '/ok/moved');
    expect(verifySignature(sub.secret, first.body, String(first.headers['x-crm-signature']))).toBe(true);
    expect(moved.method).toBe('POST');
    expect(moved.body).toBe(first.body);
    expect(moved.headers['x-crm-delivery']).toBe(payloadOf(first).id);
    expect(moved.headers['x-crm-signature']).toBeUndefined();
    await rt.request('DELETE', `/api/webhooks/${sub.id}`);
  });

  it('resolves the host again at every delivery and connects only to what it checked (DNS rebinding)', async () => {
    // Saved while the name does not resolve (accepted: delivery checks it).
    const sub = await subscribe(rt, { name: 'rebinding', url: `http://hooks.rebind.test:${receiver.port}/ok/rebind`, entity: 'company', events: ['create'] });
    let answer = '127.0.0.1';
    const lookups: string[] = [];
    const resolver: Resolver = async (host) => {
      lookups.push(host);
      return [{ address: answer, family: 4 }];
    };

    await createRecord(rt, 'company', { name: 'ООО «Честный DNS»' });
    expect(await drain(rt, { resolver })).toMatchObject({ delivered: 1 });
    const honest = lastAt(receiver, '/ok/rebind');
    expect(honest.headers['host']).toBe(`hooks.rebind.test:${receiver.port}`);

    answer = '10.0.0.7';
    const before = receiver.at('/ok/rebind').length;
    await createRecord(rt, 'company', { name: 'ООО «Ребиндинг»' });
    expect(await drain(rt, { resolver })).toMatchObject({ failed: 1 });
    expect(receiver.at('/ok/rebind')).toHaveLength(before);
    expect((await deliveriesOf(rt, sub.id))[0]).toMatchObject({ status: 'failed', error: { code: 'BLOCKED_ADDRESS' } });
    expect(lookups.every((h) => h === 'hooks.rebind.test')).toBe(true);
    await rt.request('DELETE', `/api/webhooks/${sub.id}`);
  });
});
