import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateDocumentResponse, RecordDocumentList, TextTemplate } from '@crm/schemas';
import { extractText, getDocumentProxy } from 'unpdf';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { numberDate } from './document-number.service.js';

/*
 * Sequential document numbers over real HTTP on b2b-sales: its invoices (Russian and English share
 * one yearly sequence) print СЧ-<year>-0001 and INV-<year>-0002 in the PDF; two documents made at
 * the same moment get distinct consecutive numbers; a document that fails to render takes none;
 * the preview shows the next number without taking it; a format without a counter is refused at
 * the field.
 */

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code: string; message_ru?: string }> };
}

/** Renders `{% for %}` past the render limit for a deal titled "сбой": a render failure after the number is taken. */
const NOTE: Omit<TextTemplate, 'updatedAt'> = {
  name: 'numbered_note',
  kind: 'document',
  entity: 'deal',
  label: { ru: 'Справка', en: 'Note' },
  fileName: 'Справка {{ document.number }}',
  body: '<h1>Справка № {{ document.number }}</h1><p>{{ record.title }}</p>{% if record.title contains "сбой" %}{% for i in (1..100000000) %}{{ i }}{% endfor %}{% endif %}',
  numbering: { format: 'НС/{yy}/{n:00}' },
};

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/[\u00a0\u202f\s]+/g, ' ');
}

describe.each(testDatabaseKinds())('sequential document numbers on %s', (kind) => {
  let rt: TestRuntime;
  let dealId: string;
  let failingDealId: string;
  const { year } = numberDate(new Date().toISOString(), 'Europe/Moscow');
  const yy = String(year % 100).padStart(2, '0');

  async function makeDocument(id: string, template: string) {
    return rt.request<CreateDocumentResponse & ErrorBody>('POST', `/api/records/deal/${id}/documents`, { body: { template } });
  }

  async function download(key: string, id = dealId): Promise<string> {
    const answer = await fetch(`${rt.baseUrl}/api/records/deal/${id}/documents/${key}`, { headers: { authorization: `Bearer ${rt.adminToken}` } });
    return pdfText(await answer.arrayBuffer());
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Поставка насосов', amount: 50000 } });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    dealId = deal.body.id;
    const failing = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Заведомый сбой', amount: 1000 } });
    failingDealId = failing.body.id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('gives two invoices made at once distinct consecutive numbers of the shared sequence, printed in the PDF', async () => {
    // ACT
    const [ru, en] = await Promise.all([makeDocument(dealId, 'deal_invoice'), makeDocument(dealId, 'deal_invoice_en')]);

    // ASSERT
    expect([ru?.status, en?.status], JSON.stringify([ru?.body, en?.body])).toEqual([201, 201]);
    const counters = [ru.body.document.number, en.body.document.number].map((n) => Number(n?.split('-').at(-1)));
    expect(counters.sort()).toEqual([1, 2]);
    expect(ru.body.document.number).toMatch(new RegExp(`^СЧ-${year}-000[12]$`));
    expect(en.body.document.number).toMatch(new RegExp(`^INV-${year}-000[12]$`));
    expect(await download(ru.body.file.key)).toContain(`Счёт на оплату № ${ru.body.document.number} от`);
    expect(await download(en.body.file.key)).toContain(`Invoice No. ${en.body.document.number} of`);
    expect(ru.body.document.fileName).toContain(`№ ${ru.body.document.number}`);

    // The next one continues the sequence; the timeline lists each document's number.
    const third = await makeDocument(dealId, 'deal_invoice');
    expect(third.body.document.number).toBe(`СЧ-${year}-0003`);
    const listed = await rt.request<RecordDocumentList>('GET', `/api/records/deal/${dealId}/documents`);
    expect(listed.body.items.map((d) => d.number).sort()).toEqual([ru.body.document.number, en.body.document.number, `СЧ-${year}-0003`].sort());
  });

  it('numbers the contract from its own sequence', async () => {
    const contract = await makeDocument(dealId, 'deal_contract');
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    expect(contract.body.document.number).toBe(`Д-${year}-001`);
    expect(await download(contract.body.file.key)).toContain(`Договор поставки № Д-${year}-001`);
  });

  it('refuses a format without a counter at its field, and keeps the number of a document that failed to render', async () => {
    // ARRANGE
    const refused = await rt.request<ErrorBody>('POST', '/api/text-templates', { body: { ...NOTE, numbering: { format: 'НС/{yy}' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'numbering.format', code: 'INVALID_NUMBER_FORMAT' })]);
    expect(refused.body.error.details[0]?.message_ru).toContain('{n}');
    const created = await rt.request<TextTemplate>('POST', '/api/text-templates', { body: NOTE });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.numbering).toEqual({ format: 'НС/{yy}/{n:00}' });

    // ACT
    const first = await makeDocument(dealId, 'numbered_note');
    const failed = await makeDocument(failingDealId, 'numbered_note');
    const preview = await fetch(`${rt.baseUrl}/api/text-templates/numbered_note/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ recordId: dealId }),
    });
    const second = await makeDocument(dealId, 'numbered_note');

    // ASSERT
    expect(first.body.document.number).toBe(`НС/${yy}/01`);
    expect(failed.status).toBe(422);
    expect(failed.body.error.code).toBe('TEMPLATE_INVALID');
    expect(await pdfText(await preview.arrayBuffer())).toContain(`Справка № НС/${yy}/02`);
    expect(second.body.document.number).toBe(`НС/${yy}/02`);
    const failedDocs = await rt.request<RecordDocumentList>('GET', `/api/records/deal/${failingDealId}/documents`);
    expect(failedDocs.body.items).toEqual([]);
  });
});
