import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxMessage, MailingAudience, MailingDetail } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { deliverMail, nodemailerTransport } from '../mail/mail-delivery.duty.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { queueMailings } from './mailing-queue.duty.js';

/*
 * Over real HTTP on the b2b-sales template: the admin's public URL setting (validated, admins only)
 * is what a mailing's links are built on; each message carries List-Unsubscribe and
 * List-Unsubscribe-Post (RFC 8058) in mail_outbox, through nodemailer and in the mailbox; a mail
 * client's one-click POST unsubscribes for every later mailing; and the template's marketer runs
 * mailings without being able to change or delete the records they read.
 */

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code: string; message_ru?: string }> };
}

interface PublicUrlAnswer {
  publicUrl: string | null;
  effective: string | null;
}

const PUBLIC = 'https://crm.example.ru/crm';

describe.each(testDatabaseKinds())('mailing links on the public URL, on %s', (kind) => {
  let rt: TestRuntime;
  let marketer: string;
  let rep: string;
  let segment: string;
  const contacts: Record<string, string> = {};

  async function login(email: string, password: string, roles: string[]): Promise<string> {
    expect((await rt.request('POST', '/api/users', { body: { email, name: email, password, roles } })).status).toBe(201);
    return (await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password }, token: null })).body.token;
  }

  async function sendMailing(name: string): Promise<string> {
    const draft = await rt.request<{ id: string }>('POST', '/api/mailings', { token: marketer, body: { name, segment, subject: 'Новости для {{ record.first_name }}', body: 'Каталог: https://shop.example/catalog', throttlePerMinute: 100 } });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const sent = await rt.request('POST', `/api/mailings/${draft.body.id}/send`, { token: marketer, body: {} });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await queueMailings(rt.db.knex, new Date(Date.now() + 3_600_000));
    return draft.body.id;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    marketer = await login('marketer.links@example.com', 'marketer-password-1', ['marketer']);
    rep = await login('rep.links@example.com', 'rep-password-123456', ['sales_rep']);
    for (const [first, email] of [['Дарья', 'darya@links.test'], ['Егор', 'egor@links.test']] as const) {
      const res = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: first, last_name: 'Ссылкина', email } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      contacts[first] = res.body.id;
    }
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('keeps the public URL for admins only, refusing a bad one with a detail on publicUrl', async () => {
    expect((await rt.request('GET', '/api/settings/public-url', { token: marketer })).status).toBe(403);
    expect((await rt.request('PUT', '/api/settings/public-url', { token: rep, body: { publicUrl: PUBLIC } })).status).toBe(403);
    for (const [given, code] of [['ftp://crm.example.ru', 'INVALID_SCHEME'], ['crm.example.ru', 'INVALID_URL'], ['https://crm.example.ru/?x=1', 'HAS_QUERY'], ['https://u:p@crm.example.ru', 'HAS_CREDENTIALS']] as const) {
      const bad = await rt.request<ErrorBody>('PUT', '/api/settings/public-url', { body: { publicUrl: given } });
      expect(bad.status, given).toBe(400);
      expect(bad.body.error.details[0]).toMatchObject({ field: 'publicUrl', code });
    }
    expect((await rt.request<PublicUrlAnswer>('GET', '/api/settings/public-url')).body.publicUrl).toBeNull();
    const saved = await rt.request<PublicUrlAnswer>('PUT', '/api/settings/public-url', { body: { publicUrl: `${PUBLIC}/` } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ publicUrl: PUBLIC, effective: PUBLIC });
  });

  it('lets the marketer count the audience and send; the links and List-Unsubscribe use the public URL', async () => {
    const made = await rt.request<{ id: string }>('POST', '/api/segments', { token: marketer, body: { name: 'Ссылки', entity: 'contact', condition: { field: 'email', op: 'contains', value: '@links.test' } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    segment = made.body.id;
    const audience = await rt.request<MailingAudience>('GET', `/api/mailings/audience?segment=${segment}`, { token: marketer });
    expect(audience.body).toEqual({ recipients: 2, unsubscribed: 0, linkBase: { url: PUBLIC, configured: true } });
    expect((await rt.request('GET', `/api/mailings/audience?segment=${segment}`, { token: rep })).status).toBe(403);

    await sendMailing('Первая');
    const row: { body: string; headers: Record<string, string> } = await rt.db.knex('mail_outbox').whereRaw(`"to" @> ?::jsonb`, [JSON.stringify(['darya@links.test'])]).first('body', 'headers');
    expect(row.body).toContain(`Каталог: ${PUBLIC}/t/`);
    expect(row.body).toMatch(new RegExp(`${PUBLIC}/u/[A-Za-z0-9_-]+$`));
    expect(row.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(row.headers['List-Unsubscribe']).toMatch(new RegExp(`^<${PUBLIC}/u/[A-Za-z0-9_-]+>$`));
    expect(row.body).toContain(row.headers['List-Unsubscribe']?.slice(1, -1));
  });

  it('sends the headers through nodemailer and shows them in the mailbox', async () => {
    const raws: string[] = [];
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const transport = nodemailerTransport({ sendMail: async (options) => raws.push(String(((await stream.sendMail(options)) as { message: Buffer }).message)) }, 'smtp');
    expect(await deliverMail(rt.db.knex, transport, 'crm@example.ru')).toBe(2);
    const darya = raws.find((raw) => raw.includes('darya@links.test')) ?? '';
    // nodemailer may fold the long header onto a second line (RFC 5322), which a client unfolds.
    expect(darya).toMatch(new RegExp(`^List-Unsubscribe:\\s+<${PUBLIC}/u/[A-Za-z0-9_-]+>\\r?$`, 'm'));
    expect(darya).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);

    const mailbox = await rt.request<{ data: MailboxMessage[] }>('GET', '/api/mailbox');
    const shown = mailbox.body.data.find((m) => m.to.includes('egor@links.test'));
    expect(shown?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('honours a mail client’s one-click POST in every later mailing', async () => {
    const row: { headers: Record<string, string> } = await rt.db.knex('mail_outbox').whereRaw(`"to" @> ?::jsonb`, [JSON.stringify(['egor@links.test'])]).first('headers');
    const path = new URL(row.headers['List-Unsubscribe']?.slice(1, -1) ?? '').pathname.replace(/^\/crm/, '');
    const posted = await fetch(`${rt.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(posted.status).toBe(200);
    expect(await rt.db.knex('mailing_unsubscribes').where({ email: 'egor@links.test' })).toHaveLength(1);

    const audience = await rt.request<MailingAudience>('GET', `/api/mailings/audience?segment=${segment}`, { token: marketer });
    expect(audience.body).toMatchObject({ recipients: 1, unsubscribed: 1 });
    const second = await sendMailing('Вторая');
    const detail = await rt.request<MailingDetail>('GET', `/api/mailings/${second}`, { token: marketer });
    expect(detail.body.recipientList.find((r) => r.email === 'egor@links.test')?.status).toBe('unsubscribed');
    expect(await rt.db.knex('mail_outbox').whereRaw(`"to" @> ?::jsonb`, [JSON.stringify(['egor@links.test'])])).toHaveLength(1);
  });

  it('the marketer reads deal amounts but changes and deletes nothing', async () => {
    expect((await rt.request('GET', '/api/auth/me', { token: marketer })).body).toMatchObject({ canBuild: false, canMail: true });
    expect((await rt.request('GET', '/api/auth/me', { token: rep })).body).toMatchObject({ canBuild: false, canMail: false });
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Сделка маркетолога', contact: contacts['Дарья'], stage: 'lead', amount: 250000, margin: 10 } });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    const read = await rt.request<Record<string, unknown>>('GET', `/api/records/deal/${deal.body.id}`, { token: marketer });
    expect(read.status).toBe(200);
    expect(Number(read.body['amount'])).toBe(250000);
    expect(read.body['margin']).toBeUndefined();
    expect((await rt.request('PATCH', `/api/records/deal/${deal.body.id}`, { token: marketer, body: { amount: 1 } })).status).toBe(403);
    expect((await rt.request('DELETE', `/api/records/contact/${contacts['Дарья']}`, { token: marketer })).status).toBe(403);
    expect((await rt.request('POST', '/api/records/contact', { token: marketer, body: { first_name: 'Нет', last_name: 'Нет' } })).status).toBe(403);
  });

  it('without the setting the links fall back to the sender’s address, and the audience says so', async () => {
    expect((await rt.request<PublicUrlAnswer>('PUT', '/api/settings/public-url', { body: { publicUrl: null } })).body).toEqual({ publicUrl: null, effective: null });
    const audience = await rt.request<MailingAudience>('GET', '/api/mailings/audience', { token: marketer });
    expect(audience.body).toEqual({ recipients: 0, unsubscribed: 0, linkBase: { url: rt.baseUrl, configured: false } });
  });
});
