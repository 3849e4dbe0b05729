import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, MailingDetail, Segment, SegmentPreview } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { deliverMail } from '../mail/mail-delivery.duty.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { queueMailings } from './mailing-queue.duty.js';

/*
 * Mailings over real HTTP on the b2b-sales template: a segment of contacts, a mailing sent to it,
 * the queue duty moving messages into the outbox at the throttle, the mail duty delivering them,
 * an unsubscribe through the public link honoured by the next mailing, a tracked click that
 * redirects only to the message's own URL, a deal created afterwards for a recipient counted in the
 * results, and a mailer who may read only their own contacts mailing only those.
 */

interface ErrorBody {
  error: { code: string; details: Array<{ field: string; code: string; message_ru?: string }> };
}

interface OutboxRow {
  to: string[];
  entity: string | null;
  record_id: string | null;
  subject: string;
  body: string;
  status: string;
}

const SEGMENT = { name: 'Клиенты весенней акции', entity: 'contact', condition: { field: 'email', op: 'contains', value: '@mailing.test' } };
const BODY = 'Здравствуйте, {{ record.first_name }}! Весенние цены: https://shop.example/spring?utm=mail.';

describe.each(testDatabaseKinds())('mailings on %s', (kind) => {
  let rt: TestRuntime;
  let segmentId: string;
  let marketerToken: string;
  let repToken: string;
  const contacts: Record<string, string> = {};

  async function login(email: string, password: string): Promise<string> {
    const res = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password }, token: null });
    return res.body.token;
  }

  async function outboxTo(email: string): Promise<OutboxRow[]> {
    const rows: OutboxRow[] = await rt.db.knex('mail_outbox').whereRaw(`"to" @> ?::jsonb`, [JSON.stringify([email])]).orderBy('id');
    return rows;
  }

  async function newMailing(name: string, token?: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/mailings', { body: { name, segment: segmentId, subject: 'Весна, {{ record.first_name }}', body: BODY, throttlePerMinute: 2 }, ...(token ? { token } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    // A mailer: the mailings power (not a builder) but reads only the contacts they own.
    const live = (await rt.request<App>('GET', '/api/definitions/live')).body;
    const draft = structuredClone(live);
    (draft.roles ??= []).push({ name: 'own_mailer', label: { ru: 'Рассыльщик своих', en: 'Own mailer' }, mailings: true, entities: { contact: { create: 'all', read: 'own', update: 'own', delete: 'none' } } });
    expect((await rt.request('PUT', '/api/definitions/draft', { body: draft })).status).toBe(200);
    expect((await rt.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
    const marketer = await rt.request<{ id: string }>('POST', '/api/users', { body: { email: 'marketer@example.com', name: 'Мария Маркетолог', password: 'marketer-password-1', roles: ['own_mailer'] } });
    await rt.request('POST', '/api/users', { body: { email: 'rep.mail@example.com', name: 'Rep', password: 'rep-password-123456', roles: ['sales_rep'] } });
    marketerToken = await login('marketer@example.com', 'marketer-password-1');
    repToken = await login('rep.mail@example.com', 'rep-password-123456');
    for (const [first, email, owner] of [['Анна', 'anna@mailing.test', null], ['Борис', 'boris@mailing.test', null], ['Вера', 'vera@mailing.test', null], ['Максим', 'max@mailing.test', marketer.body.id], ['Олег', 'oleg@other.test', null]] as const) {
      const res = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: first, last_name: 'Тестов', email, ...(owner ? { owner } : {}) } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      contacts[first] = res.body.id;
    }
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('saves a segment, refuses a bad one with 422 naming the input, and previews its readable records', async () => {
    const bad = await rt.request<ErrorBody>('POST', '/api/segments', { body: { ...SEGMENT, condition: { field: 'nope', op: 'eq', value: 1 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'condition', code: 'CONDITION_UNKNOWN_FIELD' });
    const noEmail = await rt.request<ErrorBody>('POST', '/api/segments', { body: { ...SEGMENT, entity: 'deal', condition: null } });
    expect(noEmail.status).toBe(422);
    expect(noEmail.body.error.details[0]).toMatchObject({ field: 'entity', code: 'NO_EMAIL_FIELD' });
    expect((await rt.request('GET', '/api/segments', { token: repToken })).status).toBe(403);

    const saved = await rt.request<Segment>('POST', '/api/segments', { body: SEGMENT });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ entity: 'contact', emailField: 'email' });
    segmentId = saved.body.id;
    const preview = await rt.request<SegmentPreview>('GET', `/api/segments/${segmentId}/preview?limit=2`);
    expect(preview.body.total).toBe(4);
    expect(preview.body.data.map((r) => r['first_name'])).toEqual(['Анна', 'Борис']);
    const theirs = await rt.request<SegmentPreview>('GET', `/api/segments/${segmentId}/preview`, { token: marketerToken });
    expect(theirs.body.total).toBe(1);
  });

  it('sends to the segment: messages enter the outbox at the throttle, personalised, with tracked links and an unsubscribe link', async () => {
    const early = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'До рассылки', contact: contacts['Борис'], stage: 'lead', amount: 100000 } });
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    const id = await newMailing('Весна');
    const preview = await rt.request<{ subject: string; body: string; html: boolean; links: string[]; recipient: { email: string } }>('POST', '/api/mailings/preview', { body: { segment: segmentId, subject: 'Весна, {{ record.first_name }}', body: BODY } });
    expect(preview.body).toMatchObject({ subject: 'Весна, Анна', recipient: { email: 'anna@mailing.test' } });
    expect(preview.body.body).toContain('Здравствуйте, Анна!');
    expect(preview.body).toMatchObject({ html: false, links: ['https://shop.example/spring?utm=mail'] });

    const sent = await rt.request<MailingDetail & { queued: number }>('POST', `/api/mailings/${id}/send`, { body: {} });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.queued).toBe(4);
    expect(sent.body.results.byStatus).toMatchObject({ queued: 4, sent: 0 });
    expect((await rt.request<ErrorBody>('POST', `/api/mailings/${id}/send`, { body: {} })).status).toBe(409);

    const at = new Date();
    await queueMailings(rt.db.knex, at);
    await queueMailings(rt.db.knex, new Date(at.getTime() + 5_000));
    const inOutbox = async () => Number((await rt.db.knex('mail_outbox').where('idempotency_key', 'like', 'mailing:%').count({ n: '*' }).first())?.n ?? 0);
    expect(await inOutbox()).toBe(2);
    await queueMailings(rt.db.knex, new Date(at.getTime() + 61_000));
    expect(await inOutbox()).toBe(4);
    await deliverMail(rt.db.knex, null, 'crm@localhost');

    const [anna] = await outboxTo('anna@mailing.test');
    expect(anna).toMatchObject({ subject: 'Весна, Анна', entity: 'contact', record_id: contacts['Анна'] });
    expect(anna?.body).toContain('Здравствуйте, Анна! Весенние цены: ' + rt.baseUrl + '/t/');
    expect(anna?.body).not.toContain('https://shop.example');
    expect(anna?.body).toMatch(new RegExp(`Чтобы не получать наши рассылки, отпишитесь: ${rt.baseUrl}/u/[A-Za-z0-9_-]+$`));
    const detail = await rt.request<MailingDetail>('GET', `/api/mailings/${id}`);
    expect(detail.body.mailing.status).toBe('sent');
    expect(detail.body.results.byStatus).toMatchObject({ queued: 0, sent: 4 });
  });

  it('records a click and redirects only to the message’s own URL', async () => {
    const [anna] = await outboxTo('anna@mailing.test');
    const tracked = /\/t\/([A-Za-z0-9_-]+)\.(\d+)/.exec(anna?.body ?? '');
    expect(tracked).not.toBeNull();
    const res = await fetch(`${rt.baseUrl}/t/${tracked?.[1]}.${tracked?.[2]}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example/spring?utm=mail');
    // Another link id, a made-up token, or a URL in the query lead nowhere.
    expect((await fetch(`${rt.baseUrl}/t/${tracked?.[1]}.${Number(tracked?.[2]) + 100}`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${rt.baseUrl}/t/${'x'.repeat(32)}.${tracked?.[2]}?url=https://evil.example`, { redirect: 'manual' })).status).toBe(404);
    const mailing = (await rt.db.knex('mailing_recipients').where({ email: 'anna@mailing.test' }).first()) as { mailing_id: string };
    const detail = await rt.request<MailingDetail>('GET', `/api/mailings/${mailing.mailing_id}`);
    expect(detail.body.results).toMatchObject({ clicks: 1, clickers: 1 });
    expect(detail.body.recipientList.find((r) => r.email === 'anna@mailing.test')?.status).toBe('clicked');
  });

  it('counts a deal created afterwards for a recipient, not one from before the send or for someone else', async () => {
    await rt.request('POST', '/api/records/deal', { body: { title: 'После рассылки', contact: contacts['Анна'], stage: 'lead', amount: 100000 } });
    await rt.request('POST', '/api/records/deal', { body: { title: 'Не из рассылки', contact: contacts['Олег'], stage: 'lead', amount: 100000 } });
    const mailing = (await rt.db.knex('mailing_recipients').where({ email: 'anna@mailing.test' }).first()) as { mailing_id: string };
    const detail = await rt.request<MailingDetail>('GET', `/api/mailings/${mailing.mailing_id}`);
    expect(detail.body.results.deals).toBe(1);
    // Every pipeline entity pointing at a contact is counted: b2b-sales' leads name the contact they were converted into.
    expect(detail.body.results.dealsBy).toEqual([
      { entity: 'deal', field: 'contact', count: 1 },
      { entity: 'lead', field: 'converted_contact', count: 0 },
    ]);
  });

  it('honours an unsubscribe through the public link in every later mailing', async () => {
    const [boris] = await outboxTo('boris@mailing.test');
    const link = /\/u\/[A-Za-z0-9_-]+/.exec(boris?.body ?? '')?.[0];
    // Opening the link (as a mail scanner would) only asks; the button's POST unsubscribes.
    const asked = await fetch(`${rt.baseUrl}${link}`, { headers: { 'accept-language': 'en' } });
    expect(asked.status).toBe(200);
    expect(asked.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(asked.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(await asked.text()).toMatch(/Unsubscribe from our mailings\?[\s\S]*<form method="post" action="\?lang=en">/);
    expect(await rt.db.knex('mailing_unsubscribes').where({ email: 'boris@mailing.test' })).toHaveLength(0);
    const page = await fetch(`${rt.baseUrl}${link}?lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are unsubscribed');
    expect(await (await fetch(`${rt.baseUrl}${link}`)).text()).toContain('Вы отписались от рассылки');
    expect((await fetch(`${rt.baseUrl}/u/${'y'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${rt.baseUrl}/u/${'y'.repeat(32)}`, { method: 'POST' })).status).toBe(404);

    const second = await newMailing('Лето');
    const sent = await rt.request<MailingDetail & { queued: number; unsubscribed: number }>('POST', `/api/mailings/${second}/send`, { body: {} });
    expect(sent.body).toMatchObject({ queued: 3, unsubscribed: 1 });
    await queueMailings(rt.db.knex, new Date(Date.now() + 3_600_000));
    await queueMailings(rt.db.knex, new Date(Date.now() + 7_200_000));
    const detail = await rt.request<MailingDetail>('GET', `/api/mailings/${second}`);
    expect(detail.body.recipientList.find((r) => r.email === 'boris@mailing.test')?.status).toBe('unsubscribed');
    expect(await outboxTo('boris@mailing.test')).toHaveLength(1);
    expect(await outboxTo('anna@mailing.test')).toHaveLength(2);
  });

  it('a mailer who may read only some contacts mails only those', async () => {
    const id = await newMailing('Только мои', marketerToken);
    const sent = await rt.request<MailingDetail & { queued: number }>('POST', `/api/mailings/${id}/send`, { body: {}, token: marketerToken });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.recipientList.map((r) => r.email)).toEqual(['max@mailing.test']);
    expect((await rt.request('POST', '/api/mailings', { body: { name: 'x', segment: segmentId, subject: 's', body: 'b', throttlePerMinute: 1 }, token: repToken })).status).toBe(403);
  });
});
