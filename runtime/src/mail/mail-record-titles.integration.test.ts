import type { App, MailboxMessage, RecordEmailList } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRecord, signInNewUser } from '../records/records.test-support.js';
import { countDriverStatements } from '../testing/driver-statements.counter.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * Mail about a record as people read it (issue 15, item 5), over HTTP on both databases: the
 * mailbox names the record by its title read with the reader's permissions (a record they may no
 * longer read is only "hidden"), and GET /api/records/:entity/:id/emails puts the record's mail on
 * its timeline for those who may read the record, and for no one else.
 */

function mailApp(): App {
  return {
    name: 'mail_titles',
    entities: [
      {
        name: 'contact',
        label: { en: 'Contact', ru: 'Контакт' },
        display: 'name',
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'email', type: 'email' },
        ],
      },
    ],
    roles: [{ name: 'rep', entities: { contact: { create: 'all', read: 'own', update: 'own', delete: 'none' } } }],
  };
}

describe.each(testDatabaseKinds())('mail about records, titled and on the timeline, on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: mailApp() });
    rep = await signInNewUser(rt, `rep-${kind}@mail.test`, 'Рита Репина', { roles: ['rep'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function send(entity: string, id: string, subject: string, token?: string): Promise<number> {
    const res = await rt.request<{ mail: { id: number } }>('POST', `/api/records/${entity}/${id}/emails`, { body: { to: ['client@shop.test'], subject, body: 'Здравствуйте!' }, ...(token ? { token } : {}) });
    expect(res.status).toBe(201);
    return res.body.mail.id;
  }

  it('names the record by its title for whoever may read it, and only says "hidden" to whoever may not', async () => {
    const me = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    const mine = await createRecord(rt, 'contact', { name: 'ООО «Ромашка»' }, rep.token);
    const handedOver = await createRecord(rt, 'contact', { name: 'Секретный клиент' }, rep.token);
    const aboutMine = await send('contact', mine.id, 'Коммерческое предложение', rep.token);
    const aboutHandedOver = await send('contact', handedOver.id, 'Первое письмо', rep.token);
    // The admin takes the second contact over: the rep still sees the mail they sent, not the record.
    expect((await rt.request('PATCH', `/api/records/contact/${handedOver.id}`, { body: { owner: me } })).status).toBe(200);

    const repBox = await rt.request<{ data: MailboxMessage[] }>('GET', '/api/mailbox', { token: rep.token });
    expect(repBox.status).toBe(200);
    const byId = new Map(repBox.body.data.map((m) => [m.id, m]));
    expect(byId.get(aboutMine)?.record).toEqual({ entity: 'contact', id: mine.id, title: 'ООО «Ромашка»', hidden: false });
    expect(byId.get(aboutHandedOver)?.record).toEqual({ entity: 'contact', id: handedOver.id, title: null, hidden: true });
    expect(JSON.stringify(repBox.body)).not.toContain('Секретный клиент');

    const adminBox = await rt.request<{ data: MailboxMessage[] }>('GET', '/api/mailbox');
    expect(adminBox.body.data.find((m) => m.id === aboutHandedOver)?.record).toEqual({ entity: 'contact', id: handedOver.id, title: 'Секретный клиент', hidden: false });
  });

  it('reads the titles of a page of mail with one read of each entity, not one per record', async () => {
    for (let i = 0; i < 5; i += 1) {
      const contact = await createRecord(rt, 'contact', { name: `Клиент ${i}` }, rep.token);
      await send('contact', contact.id, `Письмо ${i}`, rep.token);
    }
    const statements = countDriverStatements(rt.db.knex);
    try {
      const box = await rt.request<{ data: MailboxMessage[] }>('GET', '/api/mailbox', { token: rep.token });
      expect(box.body.data.filter((m) => m.record?.title?.startsWith('Клиент '))).toHaveLength(5);
      const reads = statements.take().filter((sql) => /^select "rec_contact"\./i.test(sql));
      expect(reads, reads.join('\n')).toHaveLength(1);
    } finally {
      statements.stop();
    }
  });

  it("puts a record's e-mails on its timeline for those who may read the record, and for no one else", async () => {
    const contact = await createRecord(rt, 'contact', { name: 'Иван Петров', email: 'ivan@shop.test' }, rep.token);
    const first = await send('contact', contact.id, 'Счёт на оплату', rep.token);
    const second = await send('contact', contact.id, 'Договор');
    const other = await createRecord(rt, 'contact', { name: 'Другой' }, rep.token);
    await send('contact', other.id, 'Не про Ивана', rep.token);

    const timeline = await rt.request<RecordEmailList>('GET', `/api/records/contact/${contact.id}/emails`, { token: rep.token });
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((m) => m.id)).toEqual([second, first]);
    expect(timeline.body.items[1]).toMatchObject({ to: ['client@shop.test'], subject: 'Счёт на оплату', sentBy: { id: rep.id, name: 'Рита Репина' }, runId: null });
    expect(['pending', 'sent', 'delivered']).toContain(timeline.body.items[1]?.status);
    expect(Date.parse(timeline.body.items[1]?.createdAt ?? '')).not.toBeNaN();
    // The body stays on the Mail page.
    expect(timeline.body.items[1]).not.toHaveProperty('body');

    // Handed to someone else: the rep may not read the record, so not its mail either, not even their own.
    expect((await rt.request('PATCH', `/api/records/contact/${contact.id}`, { body: { owner: (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id } })).status).toBe(200);
    const refused = await rt.request<{ error: { code: string } }>('GET', `/api/records/contact/${contact.id}/emails`, { token: rep.token });
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain('Счёт');
    expect((await rt.request('GET', '/api/records/nothing/00000000-0000-4000-8000-000000000000/emails')).status).toBe(404);
  });
});
