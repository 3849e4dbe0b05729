import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordDocumentList, TextTemplate } from '@crm/schemas';
import { extractText, getDocumentProxy } from 'unpdf';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * The document node's recordRef through real process runs on b2b-sales: a deal's process makes the
 * company's card (a company template, numbered) for the deal's company, and the PDF is on the
 * company's timeline, not the deal's; a deal without a company, and a record that does not exist,
 * fail the step with a clear error; a recordRef whose field points elsewhere is refused at publish.
 */

const CARD: Omit<TextTemplate, 'updatedAt'> = {
  name: 'company_card',
  kind: 'document',
  entity: 'company',
  label: { ru: 'Карточка компании', en: 'Company card' },
  fileName: 'Карточка {{ record.name }}',
  body: '<h1>Карточка № {{ document.number }}</h1><p>{{ record.name }}, ИНН {{ record.inn }}</p>',
  numbering: { format: 'К-{n:000}' },
};

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface RunView {
  status: string;
  error: { code?: string; message?: string } | null;
  steps?: Array<{ nodeId: string; status: string; error: { code?: string; message?: string } | null; output: { entity?: string; recordId?: string; number?: string } | null }>;
}

function processWith(name: string, recordRef: unknown) {
  return {
    name,
    label: { ru: name, en: name },
    trigger: { type: 'manual', entity: 'deal' },
    nodes: [
      { id: 'card', type: 'document', config: { template: 'company_card', recordRef } },
      { id: 'done', type: 'end' },
    ],
    edges: [
      { from: 'trigger', to: 'card' },
      { from: 'card', to: 'done' },
    ],
  };
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/[\u00a0\u202f\s]+/g, ' ');
}

describe.each(testDatabaseKinds())('the document node for another record on %s', (kind) => {
  let rt: TestRuntime;

  async function publish(processes: unknown[]): Promise<{ status: number; body: unknown }> {
    const draft = await rt.request<{ processes: unknown[] }>('GET', '/api/definitions/draft');
    const put = await rt.request('PUT', '/api/definitions/draft', { body: { ...draft.body, processes: [...draft.body.processes, ...processes] } });
    if (put.status !== 200) return put;
    return rt.request('POST', '/api/definitions/publish', { body: {} });
  }

  /** Starts the manual process on the deal and waits for the run to finish. */
  async function run(process: string, dealId: string): Promise<RunView> {
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', `/api/processes/${process}/start`, { body: { recordId: dealId } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.data[0]?.runId ?? '';
    let view: RunView = { status: 'queued', error: null };
    for (let i = 0; i < 200 && !['completed', 'failed'].includes(view.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = (await rt.request<RunView>('GET', `/api/runs/${runId}`)).body;
    }
    return view;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: true });
    expect((await rt.request('POST', '/api/text-templates', { body: CARD })).status).toBe(201);
    const published = await publish([processWith('company_card_for_deal', { entity: 'company', id: { $ref: 'record.company' } }), processWith('card_for_nobody', { entity: 'company', id: MISSING_ID })]);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('makes the company card for the deal’s company and keeps it on the company’s timeline', async () => {
    // ARRANGE
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'АО «Северный ветер»', inn: '7709876543' } });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Поставка фильтров', amount: 20000, company: company.body.id } });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);

    // ACT
    const view = await run('company_card_for_deal', deal.body.id);

    // ASSERT
    expect(view.status, JSON.stringify(view)).toBe('completed');
    const onCompany = await rt.request<RecordDocumentList>('GET', `/api/records/company/${company.body.id}/documents`);
    expect(onCompany.body.items).toEqual([expect.objectContaining({ template: 'company_card', number: 'К-001', runId: expect.any(String) })]);
    expect((await rt.request<RecordDocumentList>('GET', `/api/records/deal/${deal.body.id}/documents`)).body.items).toEqual([]);
    const key = onCompany.body.items[0]?.file.key ?? '';
    const pdf = await fetch(`${rt.baseUrl}/api/records/company/${company.body.id}/documents/${key}`, { headers: { authorization: `Bearer ${rt.adminToken}` } });
    expect(await pdfText(await pdf.arrayBuffer())).toContain('Карточка № К-001 АО «Северный ветер», ИНН 7709876543');
  });

  it('fails the step clearly for a deal without a company and for a record that does not exist, and takes no number', async () => {
    // ARRANGE
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Сделка без компании', amount: 1000 } });

    // ACT
    const noCompany = await run('company_card_for_deal', deal.body.id);
    const missing = await run('card_for_nobody', deal.body.id);

    // ASSERT
    expect(noCompany.status).toBe('failed');
    expect(JSON.stringify(noCompany)).toContain('NO_RECORD');
    expect(JSON.stringify(noCompany)).toContain('the company record to make the document for is empty');
    expect(missing.status).toBe('failed');
    expect(JSON.stringify(missing)).toContain('RECORD_NOT_FOUND');
    expect(JSON.stringify(missing)).toContain(`the company record ${MISSING_ID} is missing or the process may not read it`);
    const next = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО «Следующая»' } });
    const nextDeal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Ещё сделка', amount: 1000, company: next.body.id } });
    expect((await run('company_card_for_deal', nextDeal.body.id)).status).toBe('completed');
    const docs = await rt.request<RecordDocumentList>('GET', `/api/records/company/${next.body.id}/documents`);
    expect(docs.body.items.map((d) => d.number)).toEqual(['К-002']);
  });

  it('refuses to publish a recordRef whose field is not a relation to its entity', async () => {
    const refused = await publish([processWith('card_from_title', { entity: 'company', id: { $ref: 'record.title' } })]);
    expect(refused.status).not.toBe(200);
    expect(JSON.stringify(refused.body)).toContain('RECORD_REF_MISMATCH');
  });
});
