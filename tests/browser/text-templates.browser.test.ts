import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, chooseOption, galleryCombos, openSignedIn, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 15, documents and e-mail, in Chromium on the b2b-sales app: an analyst builds an invoice
 * template for deals in the builder (a Liquid mistake is refused with its line, the side panel
 * inserts the amount with its filter, a number format without its counter is refused under the
 * field), previews it against a deal as a PDF; on the deal's page a
 * rep creates the document (a file of the deal, on its timeline with a download link) and writes
 * an e-mail from a template (addressed to the deal's contact, a bad address refused under the
 * field), which then shows in Mail. Screenshots ru/en x laptop/phone of each screen.
 */

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

const INVOICE_BODY = `<h1>Счёт на оплату № {{ document.number }}</h1>
<p>Сделка: {{ record.title }}</p>
<p>Покупатель: {{ record.company.name }}</p>
<table>
<thead><tr><th>Товар</th><th>Кол-во</th><th>Сумма</th></tr></thead>
<tbody>
{% for line in record.lines %}
<tr><td>{{ line.product.name }}</td><td>{{ line.quantity }}</td><td>{{ line.total | money }}</td></tr>
{% endfor %}
</tbody>
</table>
<p>Итого: `;

const pick = (page: Page, input: string, option: RegExp): Promise<void> => chooseOption(page, `[data-input="${input}"]`, option);

/** A body typed into CodeMirror as one insertion, as a paste would be (no auto-closed tags). */
async function replaceBody(page: Page, text: string): Promise<void> {
  await page.locator('[data-template-body] .cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function dealWithLines(): Promise<{ id: string; title: string }> {
  const filter = encodeURIComponent(JSON.stringify({ field: 'contact', op: 'isNotEmpty' }));
  const deals = await harness.runtime.request<{ data: Array<{ id: string; title: string; lines?: unknown[] }> }>('GET', `/api/records/deal?limit=100&expand=lines&filter=${filter}`);
  const deal = deals.body.data.find((d) => Array.isArray(d.lines) && d.lines.length > 0) ?? deals.body.data[0];
  if (!deal) throw new Error('b2b-sales has no deal');
  return deal;
}

describe('document and email templates', () => {
  it('builds and previews an invoice, creates it on a deal, writes an email from a template and finds it in Mail', async () => {
    const deal = await dealWithLines();
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/text-templates');
    await page.locator('#tt-new-ru').fill('Счёт на оплату');
    await page.locator('#tt-new-en').fill('Invoice');
    await pick(page, 'new-entity', /^Сделка$/);
    await page.locator('[data-action="add-text-template"]').click();
    await page.waitForURL(/\/builder\/text-templates\/invoice$/);

    // A Liquid mistake is refused on save and shown with its line.
    await replaceBody(page, `${INVOICE_BODY}\n{% if record.amount %}\n`);
    await page.locator('[data-action="save-text-template"]').click();
    await page.locator('[data-template-problem]').first().waitFor();
    expect(await page.locator('[data-template-problem]').first().getAttribute('data-line')).toMatch(/^\d+$/);

    await replaceBody(page, INVOICE_BODY);
    await page.locator('[data-insert-group="filters"] [data-insert="{{ record.amount | words_ru }}"]').click();
    await page.keyboard.insertText('</p>\n<div class="signature">{{ user.name }}</div>\n');
    // The invoice is written in Russian: its dates and money print so whoever makes it.
    await pick(page, 'template-locale', /^Русский$/);
    // Invoices are numbered: a format without the counter is refused under its field on save; a good one shows its first number.
    const numberInsert = page.locator('[data-insert-group="document"] [data-insert="{{ document.number }}"]');
    expect(await numberInsert.count()).toBe(0);
    await page.locator('[data-input="numbering-on"]').check();
    // A numbered document offers its number among the inserts.
    await numberInsert.waitFor();
    await page.locator('[data-input="numbering-format"]').fill('СЧ-{yyyy}');
    await page.locator('[data-action="save-text-template"]').click();
    await page.locator('[data-field-error="numberingFormat"]').waitFor();
    expect(await page.locator('[data-field-error="numberingFormat"]').textContent()).toContain('Нужен счётчик {n}');
    await page.locator('[data-input="numbering-format"]').fill('СЧ-{yyyy}-{n:0000}');
    await expect.poll(() => page.locator('[data-number-example]').textContent()).toBe(`Первый номер: СЧ-${new Date().getFullYear()}-0001`);
    await page.locator('[data-action="save-text-template"]').click();
    await expect.poll(() => page.locator('[data-save-state]').textContent()).toBe('Сохранено');
    expect(await page.locator('[data-template-problem]').count()).toBe(0);
    const saved = await harness.runtime.request<{ body: string; fileName: string; locale?: string; numbering?: unknown }>('GET', '/api/text-templates/invoice');
    expect(saved.body.body).toContain('{{ record.amount | words_ru }}</p>');
    expect(saved.body.locale).toBe('ru');
    expect(saved.body.numbering).toEqual({ format: 'СЧ-{yyyy}-{n:0000}' });

    await pick(page, 'preview-record', new RegExp(`^${deal.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    const previewed = page.waitForResponse((r) => r.url().endsWith('/api/text-templates/invoice/preview'));
    await page.locator('[data-action="preview"]').click();
    const preview = await previewed;
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toContain('application/pdf');
    await page.locator('[data-preview-pdf]').waitFor();
    await close();

    // An email template made over the API, as another analyst would have.
    const letter = await harness.runtime.request('POST', '/api/text-templates', {
      body: { name: 'offer_letter', kind: 'email', entity: 'deal', label: { ru: 'Письмо с предложением', en: 'Offer letter' }, subject: 'Предложение по сделке «{{ record.title }}»', body: '<p>Здравствуйте!</p><p>Сумма: {{ record.amount | money }}</p>' },
    });
    expect(letter.status).toBe(201);

    // The deal's page: create the document, then write the email.
    const rep = await openSignedIn(harness, 'ru', 'laptop', `/records/deal/${deal.id}`);
    await rep.page.locator('[data-action="create-document"]').click();
    await rep.page.locator('[data-document-template="invoice"]').click();
    // The line sits under the toolbar with the other actions' lines, not beside its button.
    await rep.page.locator('#record-notices [data-document-created]').waitFor();
    const link = rep.page.locator('[data-timeline-document] a').first();
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    const file = await rep.page.request.get(href);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('application/pdf');
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await rep.page.locator('[data-action="write-email"]').click();
    await rep.page.locator('[data-email-dialog]').waitFor();
    await expect.poll(() => rep.page.locator('#email-to').inputValue()).toMatch(/@/);
    const prefilled = await rep.page.locator('#email-to').inputValue();
    await pick(rep.page, 'email-template', /^Письмо с предложением$/);
    await expect.poll(() => rep.page.locator('#email-subject').inputValue()).toBe(`Предложение по сделке «${deal.title}»`);
    await rep.page.locator('#email-to').fill(`${prefilled}, not-an-address`);
    await rep.page.locator('[data-action="send-email"]').click();
    await rep.page.locator('[data-field-error="email-to"]').waitFor();
    expect(await rep.page.locator('[data-field-error="email-to"]').textContent()).toContain('not-an-address');
    await rep.page.locator('#email-to').fill(prefilled);
    await rep.page.locator('[data-action="send-email"]').click();
    await rep.page.locator('[data-email-sent]').waitFor();
    // The e-mail is on the deal's timeline at once: subject, recipient, sender.
    const onTimeline = rep.page.locator('[data-timeline] [data-timeline-kind="email"]', { hasText: `Предложение по сделке «${deal.title}»` }).first();
    await onTimeline.waitFor();
    expect(await onTimeline.textContent()).toContain(prefilled);

    await rep.page.goto('/mail');
    const row = rep.page.locator('[data-mailbox] tbody tr', { hasText: `Предложение по сделке «${deal.title}»` }).first();
    await row.waitFor();
    expect(await row.locator('[data-mail-record]').getAttribute('href')).toBe(`/records/deal/${deal.id}`);
    // The record by its title, not "Запись: Сделка".
    expect(await row.locator('[data-mail-record]').textContent()).toBe(deal.title);
    await row.locator('a').first().click();
    await rep.page.locator('[data-mail-message]').waitFor();
    expect(await rep.page.locator('[data-mail-to]').textContent()).toBe(prefilled);
    await rep.close();

    for (const [lang, size] of galleryCombos()) {
      await screens(lang, size, deal.id);
    }
  }, 600_000);
});

async function screens(lang: Lang, size: Size, dealId: string): Promise<void> {
  const { page, close } = await openSignedIn(harness, lang, size, '/builder/text-templates/invoice');
  await page.locator('[data-template-inserts]').waitFor();
  await page.locator('[data-action="preview"]').click();
  await page.locator('[data-preview-pdf]').waitFor();
  await page.waitForTimeout(500);
  await captureScreen(page, 'text-templates', 'editor', lang, size);
  await page.goto('/builder/text-templates');
  await page.locator('[data-text-template="invoice"]').waitFor();
  await captureScreen(page, 'text-templates', 'list', lang, size);
  await page.goto(`/records/deal/${dealId}`);
  await page.locator('[data-timeline-document]').first().waitFor();
  await page.locator('[data-action="create-document"]').click();
  await captureScreen(page, 'text-templates', 'deal', lang, size);
  await page.locator('[data-action="create-document"]').click();
  await page.locator('[data-action="write-email"]').click();
  await expect.poll(() => page.locator('#email-to').inputValue()).toMatch(/@/);
  await captureScreen(page, 'text-templates', 'email-dialog', lang, size);
  await page.goto('/mail');
  await page.locator('[data-mailbox]').waitFor();
  await captureScreen(page, 'text-templates', 'mail', lang, size);
  await page.locator('[data-mailbox] tbody tr a').first().click();
  await page.locator('[data-mail-message]').waitFor();
  await captureScreen(page, 'text-templates', 'mail-message', lang, size);
  await close();
}
