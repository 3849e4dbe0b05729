import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateDocumentResponse, EmailPreview, MailboxMessage, RecordDocumentList, SendEmailResponse, TextTemplate, TextTemplateList } from '@crm/schemas';
import { extractText, getDocumentProxy } from 'unpdf';
import { createSession } from '../auth/session.store.js';
import { createUser } from '../auth/auth.test-support.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * Document and e-mail templates over real HTTP on b2b-sales: templates managed by admins and read
 * by reps, an invoice for a deal with lines rendered to a PDF whose extracted text is Cyrillic with
 * the total in words, stored on the record; e-mail from a record's page through a template into the
 * mailbox; and a rep without read on a field never sees it in what a template renders.
 */

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code: string; line?: number; index?: number }> };
}

const INVOICE: Omit<TextTemplate, 'updatedAt'> = {
  name: 'invoice',
  kind: 'document',
  entity: 'deal',
  label: { ru: 'Счёт', en: 'Invoice' },
  fileName: 'Счёт {{ record.title }}',
  body: `<h1>Счёт на оплату по сделке «{{ record.title }}»</h1>
<p>Покупатель: <strong>{{ record.company.name }}</strong>, ИНН {{ record.company.inn }}</p>
<table>
  <thead><tr><th width="50%">Наименование</th><th>Кол-во</th><th style="text-align:right">Цена</th><th style="text-align:right">Сумма</th></tr></thead>
  <tbody>{% for line in record.lines %}
    <tr><td>{{ line.product.name }}</td><td>{{ line.quantity }}</td><td style="text-align:right">{{ line.price | money }}</td><td style="text-align:right">{{ line.total | money }}</td></tr>{% endfor %}
  </tbody>
</table>
{% assign total = record.lines | sum: "total" %}
<p style="text-align:right">Итого: <strong>{{ total | money }}</strong></p>
<p>Сумма прописью: {{ total | words_ru }}</p>
<p>Маржа: [{{ record.margin }}]</p>
<div class="signature">Менеджер: {{ record.owner.name }} ____________</div>`,
};

const LETTER: Omit<TextTemplate, 'updatedAt'> = {
  name: 'offer_letter',
  kind: 'email',
  entity: 'deal',
  label: { ru: 'Письмо с предложением', en: 'Offer letter' },
  subject: 'Предложение по сделке «{{ record.title }}»',
  body: 'Здравствуйте! Сумма: {{ record.amount | money }}. Маржа: [{{ record.margin }}]. {{ record.company.name }}',
};

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/[\u00a0\u202f\s]+/g, ' ');
}

describe.each(testDatabaseKinds())('text templates, documents and record e-mail on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  let otherRep: { id: string; token: string };
  let dealId: string;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: true });
    const user = await createUser(rt, { email: 'docs.rep@example.com', name: 'Пётр Документов', roles: ['sales_rep'] });
    rep = { id: user.id, token: await createSession(rt.db.knex, user.id) };
    const other = await createUser(rt, { email: 'docs.other@example.com', roles: ['sales_rep'] });
    otherRep = { id: other.id, token: await createSession(rt.db.knex, other.id) };
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО «Ёлка и Щука»', inn: '7709876543' } });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    // A small amount: big deals are routed to senior managers, and this one stays the rep's.
    const deal = await rt.request<{ id: string; owner: string }>('POST', '/api/records/deal', { body: { title: 'Поставка станков', amount: 50000, margin: 18, company: company.body.id, owner: rep.id } });
    expect(deal.body.owner).toBe(rep.id);
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
    const products = await rt.request<{ data: Array<{ id: string; name: string }> }>('GET', '/api/records/product?limit=2&sort=name');
    const [first, second] = products.body.data;
    for (const line of [
      { title: 'Станок', product: first?.id, quantity: 2, price: 500000 },
      { title: 'Монтаж', product: second?.id, quantity: 1, price: 234567.89 },
    ]) {
      expect((await rt.request('POST', '/api/records/deal_line', { body: { ...line, deal: dealId, discount: 0, owner: rep.id } })).status).toBe(201);
    }
    // b2b-sales sums the lines into the amount, and a deal that big goes to a senior manager: wait
    // for that, then hand the deal back to the rep (an owner change leaves the amount alone).
    for (let i = 0; i < 100; i++) {
      if ((await rt.request<{ amount: number }>('GET', `/api/records/deal/${dealId}`)).body.amount === 1234567.89) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await rt.request('PATCH', `/api/records/deal/${dealId}`, { body: { owner: rep.id } })).status).toBe(200);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('lets admins manage templates, refuses Liquid that does not parse with its line, and lists them for reps', async () => {
    const broken = await rt.request<ErrorBody>('POST', '/api/text-templates', { body: { ...INVOICE, body: '<p>ok</p>\n{% for line in record.lines %}\n<p>no end</p>' } });
    expect(broken.status).toBe(422);
    expect(broken.body.error).toMatchObject({ code: 'TEMPLATE_INVALID', details: [{ field: 'body', code: 'TEMPLATE_INVALID', line: 2 }] });
    const invalid = await rt.request<ErrorBody>('POST', '/api/text-templates', { body: { ...INVOICE, name: 'Bad Name', entity: 'nope' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d) => d.field).sort()).toEqual(['entity', 'name']);

    const created = await rt.request<TextTemplate>('POST', '/api/text-templates', { body: INVOICE });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'invoice', kind: 'document', fileName: INVOICE.fileName });
    expect((await rt.request('POST', '/api/text-templates', { body: INVOICE })).status).toBe(409);
    expect((await rt.request('POST', '/api/text-templates', { body: LETTER })).status).toBe(201);
    const renamed = await rt.request<TextTemplate>('PUT', '/api/text-templates/offer_letter', { body: { ...LETTER, label: { ru: 'Предложение', en: 'Offer' } } });
    expect(renamed.body.label).toEqual({ ru: 'Предложение', en: 'Offer' });

    const forRep = await rt.request<TextTemplateList>('GET', '/api/text-templates?entity=deal&kind=document', { token: rep.token });
    // b2b-sales ships its own offer, contract and invoice documents (and e-mails) beside this one.
    expect(forRep.body.items.map((t) => t.name)).toContain('invoice');
    expect(forRep.body.items.every((t) => t.kind === 'document' && t.entity === 'deal')).toBe(true);
    expect((await rt.request('POST', '/api/text-templates', { token: rep.token, body: { ...LETTER, name: 'mine' } })).status).toBe(403);
    expect((await rt.request('DELETE', '/api/text-templates/invoice', { token: rep.token })).status).toBe(403);
    expect((await rt.request('POST', '/api/text-templates', { body: { ...LETTER, name: 'to_delete' } })).status).toBe(201);
    expect((await rt.request('DELETE', '/api/text-templates/to_delete')).status).toBe(204);
    expect((await rt.request('GET', '/api/text-templates/to_delete')).status).toBe(404);
  });

  it('renders an invoice for a deal with lines into a PDF with Cyrillic text and the total in words, stored on the record', async () => {
    const made = await rt.request<CreateDocumentResponse>('POST', `/api/records/deal/${dealId}/documents`, { token: rep.token, body: { template: 'invoice' } });
    expect(made.status).toBe(201);
    expect(made.body.document).toEqual({ template: 'invoice', fileName: 'Счёт Поставка станков.pdf' });
    expect(made.body.file).toMatchObject({ name: 'Счёт Поставка станков.pdf', mime: 'application/pdf' });

    const listed = await rt.request<RecordDocumentList>('GET', `/api/records/deal/${dealId}/documents`, { token: rep.token });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ template: 'invoice', createdBy: { id: rep.id, name: 'Пётр Документов' }, file: made.body.file });

    const download = await fetch(`${rt.baseUrl}/api/records/deal/${dealId}/documents/${made.body.file.key}`, { headers: { authorization: `Bearer ${rep.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(await download.arrayBuffer());
    expect(text).toContain('Счёт на оплату по сделке «Поставка станков»');
    expect(text).toContain('Покупатель: ООО «Ёлка и Щука», ИНН 7709876543');
    expect(text, text).toContain('1 000 000,00 ₽');
    expect(text).toContain('Итого: 1 234 567,89 ₽');
    expect(text).toContain('Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек');
    expect(text).toContain('Менеджер: Пётр Документов');
    // margin is hidden from sales_rep: absent from what the template saw.
    expect(text).toContain('Маржа: []');

    // Someone who may not read the deal neither lists nor downloads its documents.
    expect((await rt.request('GET', `/api/records/deal/${dealId}/documents`, { token: otherRep.token })).status).toBe(404);
    expect((await rt.request('GET', `/api/records/deal/${dealId}/documents/${made.body.file.key}`, { token: otherRep.token })).status).toBe(404);
    expect((await rt.request('POST', `/api/records/deal/${dealId}/documents`, { token: otherRep.token, body: { template: 'invoice' } })).status).toBe(404);
    const missing = await rt.request<ErrorBody>('POST', `/api/records/deal/${dealId}/documents`, { body: { template: 'nope' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.details[0]?.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('previews a document as a PDF and an e-mail as text, each with the caller’s field access', async () => {
    const pdf = await fetch(`${rt.baseUrl}/api/text-templates/invoice/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ recordId: dealId }),
    });
    expect(pdf.headers.get('content-type'), pdf.headers.get('content-type') === 'application/pdf' ? '' : await pdf.clone().text()).toBe('application/pdf');
    expect(await pdfText(await pdf.arrayBuffer())).toContain('Маржа: [18]');

    const asAdmin = await rt.request<EmailPreview>('POST', '/api/text-templates/offer_letter/preview', { body: { recordId: dealId } });
    expect({ ...asAdmin.body, body: asAdmin.body.body.replace(/\u00a0/g, ' ') }).toEqual({ subject: 'Предложение по сделке «Поставка станков»', body: 'Здравствуйте! Сумма: 1 234 567,89 ₽. Маржа: [18]. ООО «Ёлка и Щука»', html: false });
    const asRep = await rt.request<EmailPreview>('POST', '/api/text-templates/offer_letter/preview', { token: rep.token, body: { recordId: dealId } });
    expect(asRep.body.body).toContain('Маржа: [].');
    expect((await rt.request('POST', '/api/text-templates/offer_letter/preview', { token: otherRep.token, body: { recordId: dealId } })).status).toBe(404);
  });

  it('renders a template written in English in English whoever asks, and refuses a language it does not know', async () => {
    const english = { ...LETTER, name: 'offer_letter_en', label: { ru: 'Предложение (англ.)', en: 'Offer' }, subject: 'Offer: {{ record.title }}', body: 'Amount: {{ record.amount | money }}.', locale: 'en' };
    const unknown = await rt.request<ErrorBody>('POST', '/api/text-templates', { body: { ...english, locale: 'de' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d) => d.field)).toEqual(['locale']);
    const created = await rt.request<TextTemplate>('POST', '/api/text-templates', { body: english });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await rt.request<TextTemplate>('GET', '/api/text-templates/offer_letter_en')).body.locale).toBe('en');
    // Asked for in Russian (the app's language), the English text still prints English money.
    const shown = await rt.request<EmailPreview>('POST', '/api/text-templates/offer_letter_en/preview', { body: { recordId: dealId, locale: 'ru' } });
    expect(shown.body.body).toMatch(/^Amount: \D*1,234,567\.89\D*\.$/);
    // Saved without a language, it follows the one asked for again.
    const { locale: _en, ...unset } = english;
    expect((await rt.request<TextTemplate>('PUT', '/api/text-templates/offer_letter_en', { body: unset })).body.locale).toBeUndefined();
    const followed = await rt.request<EmailPreview>('POST', '/api/text-templates/offer_letter_en/preview', { body: { recordId: dealId, locale: 'ru' } });
    expect(followed.body.body.replace(/\u00a0/g, ' ')).toContain('1 234 567,89');
  });

  it('sends e-mail from a record through a template into the mailbox, refusing bad addresses one by one', async () => {
    const bad = await rt.request<ErrorBody>('POST', `/api/records/deal/${dealId}/emails`, { token: rep.token, body: { to: ['ok@example.com', 'not-an-address', 'x@y'], template: 'offer_letter' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('EMAIL_INVALID');
    expect(bad.body.error.details.map((d) => [d.field, d.index])).toEqual([['to', 1], ['to', 2]]);

    const sent = await rt.request<SendEmailResponse>('POST', `/api/records/deal/${dealId}/emails`, { token: rep.token, body: { to: ['Client@Example.com'], template: 'offer_letter' } });
    expect(sent.status).toBe(201);
    expect(sent.body.mail).toMatchObject({ to: ['client@example.com'], subject: 'Предложение по сделке «Поставка станков»', status: 'pending' });
    const written = await rt.request<SendEmailResponse>('POST', `/api/records/deal/${dealId}/emails`, { token: rep.token, body: { to: ['client@example.com'], subject: 'Свой текст', body: 'Добрый день' } });
    expect(written.status).toBe(201);

    const box = await rt.request<{ data: MailboxMessage[] }>('GET', `/api/mailbox?entity=deal&recordId=${dealId}`, { token: rep.token });
    expect(box.status).toBe(200);
    expect(box.body.data.map((m) => m.subject)).toEqual(['Свой текст', 'Предложение по сделке «Поставка станков»']);
    expect(box.body.data[1]).toMatchObject({ record: { entity: 'deal', id: dealId }, sentBy: { id: rep.id }, body: expect.stringContaining('Маржа: [].') });
    const admin = await rt.request<{ data: MailboxMessage[] }>('GET', '/api/mailbox');
    expect(admin.body.data.filter((m) => m.record?.id === dealId)).toHaveLength(2);
    // A rep who may not read the deal sees none of its mail.
    const other = await rt.request<{ data: MailboxMessage[] }>('GET', '/api/mailbox', { token: otherRep.token });
    expect(other.body.data.filter((m) => m.record?.id === dealId)).toEqual([]);
  });
  it('runs a process whose document node keeps a PDF on the deal and whose email node fills its mail from a template', async () => {
    const draft = await rt.request<{ processes: unknown[] }>('GET', '/api/definitions/draft');
    const process = {
      name: 'deal_papers',
      label: { ru: 'Документы по сделке', en: 'Deal papers' },
      trigger: { type: 'record', entity: 'deal', on: ['update'], condition: { field: 'description', op: 'changed' } },
      nodes: [
        { id: 'doc', type: 'document', config: { template: 'invoice' } },
        { id: 'mail', type: 'email', config: { to: 'client@example.com', template: 'offer_letter' } },
        { id: 'done', type: 'end' },
      ],
      edges: [{ from: 'trigger', to: 'doc' }, { from: 'doc', to: 'mail' }, { from: 'mail', to: 'done' }],
    };
    expect((await rt.request('PUT', '/api/definitions/draft', { body: { ...draft.body, processes: [...draft.body.processes, process] } })).status).toBe(200);
    const published = await rt.request('POST', '/api/definitions/publish', { body: {} });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await rt.request('PATCH', `/api/records/deal/${dealId}`, { body: { description: 'Отправить счёт' } })).status).toBe(200);

    let documents: RecordDocumentList['items'] = [];
    for (let i = 0; i < 100 && !documents.some((d) => d.runId !== null); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      documents = (await rt.request<RecordDocumentList>('GET', `/api/records/deal/${dealId}/documents`)).body.items;
    }
    const byProcess = documents.find((d) => d.runId !== null);
    expect(byProcess).toMatchObject({ template: 'invoice', fileName: 'Счёт Поставка станков.pdf' });
    let mail: MailboxMessage | undefined;
    for (let i = 0; i < 100 && !mail; i++) {
      mail = (await rt.request<{ data: MailboxMessage[] }>('GET', `/api/mailbox?entity=deal&recordId=${dealId}`)).body.data.find((m) => m.runId === byProcess?.runId);
      if (!mail) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(mail).toMatchObject({ to: ['client@example.com'], subject: 'Предложение по сделке «Поставка станков»', record: { entity: 'deal', id: dealId } });
    expect(mail?.body).toContain('Маржа: [18]');
  });
});
