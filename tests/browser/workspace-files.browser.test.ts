import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, casesOfThisRun, openAs, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 13, attachments: the b2b-sales template gets a "Documents" file field on deals (published
 * through the definitions API, as a builder would). Its sales rep Dmitry Petrov opens one of his
 * deals, attaches a PDF and a PNG (a text file is refused on the spot, with the server's words),
 * saves, sees both on the deal's page (the PNG as a thumbnail), downloads the PDF (the same bytes
 * come back) and removes the PNG. In ru on a laptop and in en on a phone; the other two
 * combinations screenshot the record page.
 */

const REP_EMAIL = 'dmitry.petrov@example.com';
const REP_PASSWORD = 'dmitry-petrov-password-1';
const TEST = 'workspace-files';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACgAAAAoCAIAAAADnC86AAAAZ0lEQVR42u3XsQ3AIBBDUW+Slq0yatrMRJUJQk6EkxF8yf3rzj4d52WJgIGB94PrXd6SBTfIDl5j1bit4WrQVoYasZWkftpTwj/Vtg0MDLw2vN/JdLaTs4+dC8S5uZwrk08CGHhS+AGwjOUKE86vtgAAAABJRU5ErkJggg==',
  'base64',
);

interface DealRow {
  id: string;
  owner: string | null;
  documents?: unknown;
}

let harness: BrowserHarness;
const deals: DealRow[] = [];

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const rt = harness.runtime;
  const draft = await rt.request<{ entities: Array<{ name: string; fields: unknown[] }>; forms?: Array<{ entity: string; sections: Array<{ fields: unknown[] }> }> }>('GET', '/api/definitions/draft');
  const deal = draft.body.entities.find((e) => e.name === 'deal');
  const form = draft.body.forms?.find((f) => f.entity === 'deal');
  expect(deal && form, 'b2b-sales has deals and a deal form').toBeTruthy();
  deal?.fields.push({ name: 'documents', type: 'file', label: { ru: 'Документы', en: 'Documents' }, multiple: true, accept: ['.pdf', 'image/*'], maxSizeMb: 10 });
  form?.sections[0]?.fields.push({ field: 'documents', span: 2 });
  const put = await rt.request('PUT', '/api/definitions/draft', { body: draft.body });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const published = await rt.request('POST', '/api/definitions/publish', { body: {} });
  expect(published.status, JSON.stringify(published.body)).toBe(200);

  const people = await rt.request<{ data: Array<{ id: string; email?: string | null }> }>('GET', '/api/users?limit=500');
  const dmitry = people.body.data.find((p) => p.email === REP_EMAIL);
  expect(dmitry, 'the b2b-sales template installs dmitry.petrov').toBeDefined();
  expect((await rt.request('PATCH', `/api/users/${dmitry?.id ?? ''}`, { body: { password: REP_PASSWORD } })).status).toBe(200);
  const list = await rt.request<{ data: DealRow[] }>('GET', '/api/records/deal?limit=500');
  deals.push(...list.body.data.filter((d) => d.owner === dmitry?.id));
  expect(deals.length, 'Dmitry owns demo deals').toBeGreaterThanOrEqual(2);
});

afterAll(async () => {
  await harness?.close();
});

async function openRep(path: string, lang: Lang, size: Size): Promise<Page> {
  return (await openAs(harness, { email: REP_EMAIL, password: REP_PASSWORD }, lang, size, path)).page;
}

async function saveForm(page: Page, dealId: string): Promise<unknown> {
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/records/deal/${dealId}`) && r.request().method() === 'PATCH');
  await page.locator('[data-record-form] [data-save]').click();
  const response = await saved;
  expect(response.status()).toBe(200);
  await page.waitForURL(`**/records/deal/${dealId}`);
  await page.locator('[data-record-page]').waitFor();
  return response.json();
}

const REFUSED: Record<Lang, string> = {
  ru: '«Документы» принимает только такие файлы: .pdf, image/*.',
  en: '«Documents» takes only these files: .pdf, image/*.',
};
const PDF_NAME: Record<Lang, string> = { ru: 'Договор поставки.pdf', en: 'Supply contract.pdf' };

describe('attachments on a deal', () => {
  it.each(
    casesOfThisRun<[Lang, Size, number]>([
      ['ru', 'laptop', 0],
      ['en', 'phone', 1],
    ]),
  )('a sales rep attaches a PDF and a PNG, downloads and removes one (%s, %s)', async (lang, size, index) => {
    const deal = deals[index];
    if (!deal) throw new Error('no deal');
    const page = await openRep(`/records/deal/${deal.id}/edit`, lang, size);
    const zone = page.locator('[data-field="documents"]');
    await zone.locator('[data-file-input]').waitFor();

    // A file the field does not take is refused before anything is sent.
    await zone.locator('[data-file-picker]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') });
    await expect.poll(() => zone.locator('[data-file-problem]').textContent()).toBe(REFUSED[lang]);

    const uploads = page.waitForResponse((r) => r.url().includes('/api/files?') && r.request().method() === 'POST');
    await zone.locator('[data-file-picker]').setInputFiles([
      { name: PDF_NAME[lang], mimeType: 'application/pdf', buffer: PDF },
      { name: 'site-photo.png', mimeType: 'image/png', buffer: PNG },
    ]);
    expect((await uploads).status()).toBe(201);
    await expect.poll(() => zone.locator('[data-file-item]').count()).toBe(2);
    await expect(zone.locator('[data-file-problem]').count()).resolves.toBe(0);
    await captureScreen(page, TEST, 'form', lang, size);

    const saved = await saveForm(page, deal.id);
    expect(saved).toMatchObject({ documents: [{ name: PDF_NAME[lang], mime: 'application/pdf', size: PDF.length }, { name: 'site-photo.png', mime: 'image/png', size: PNG.length }] });
    const view = page.locator('[data-field="documents"] [data-file-view]');
    await expect.poll(() => view.locator('li').count()).toBe(2);
    // The thumbnail is the real image, served to the rep through the record's download address.
    const thumb = view.locator('img');
    await expect.poll(() => thumb.evaluate((img) => Reflect.get(img, 'naturalWidth'))).toBe(40);
    await captureScreen(page, TEST, 'page', lang, size);

    // Download the PDF: the browser saves the very bytes uploaded, under the file's name.
    const link = view.locator('[data-file-link]', { hasText: PDF_NAME[lang] });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(PDF_NAME[lang]);
    const file = await download.path();
    expect(readFileSync(file).equals(PDF)).toBe(true);

    // Remove the photo and save: one file is left, on the page and in the record.
    await page.locator('[data-record-page] [data-edit]').click();
    await page.locator('[data-field="documents"] [data-file-input]').waitFor();
    const removeLabel = lang === 'ru' ? 'Удалить site-photo.png' : 'Remove site-photo.png';
    await page.getByRole('button', { name: removeLabel }).click();
    await expect.poll(() => page.locator('[data-field="documents"] [data-file-item]').count()).toBe(1);
    const after = await saveForm(page, deal.id);
    expect(after).toMatchObject({ documents: [{ name: PDF_NAME[lang] }] });
    await expect.poll(() => page.locator('[data-field="documents"] [data-file-view] li').count()).toBe(1);
    await page.context().close();
  });

  it.each(
    casesOfThisRun<[Lang, Size, number]>([
      ['ru', 'phone', 0],
      ['en', 'laptop', 1],
    ]),
  )('the deal page shows the attached file (%s, %s)', async (lang, size, index) => {
    const deal = deals[index];
    if (!deal) throw new Error('no deal');
    const page = await openRep(`/records/deal/${deal.id}`, lang, size);
    await page.locator('[data-record-page]').waitFor();
    await expect.poll(() => page.locator('[data-field="documents"] [data-file-link]').count()).toBe(1);
    await captureScreen(page, TEST, 'page-after-remove', lang, size);
    await page.context().close();
  });
});
