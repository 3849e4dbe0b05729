import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, casesOfThisRun, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Issue 15, mailings, in Chromium on the b2b-sales app: the admin saves a segment of contacts with
 * the condition editor and sees who is in it, writes a mailing to it with a personalised subject
 * (a field from the inserts list, a link through the link tool), sees the live preview for the
 * first recipient and how many it reaches, sends it after the confirmation naming that count, and
 * reads the results:
 * the background duties deliver it, a recipient clicks the tracked link and another unsubscribes
 * through the public link, and a deal created afterwards for a recipient counts. Screenshots
 * ru/en x laptop/phone of the segment, the editor, the results and the builder's public URL setting
 * refusing an address without https://.
 */

let harness: BrowserHarness;
const contacts: Record<string, string> = {};

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  for (const [first, last, email] of [['Анна', 'Петрова', 'anna@mailing.test'], ['Борис', 'Смирнов', 'boris@mailing.test'], ['Вера', 'Иванова', 'vera@mailing.test']] as const) {
    const res = await harness.runtime.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: first, last_name: last, email } });
    expect(res.status).toBe(201);
    contacts[first] = res.body.id;
  }
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

async function messageTo(email: string): Promise<{ body: string; status: string } | undefined> {
  return harness.runtime.db.knex('mail_outbox').whereRaw(`"to" @> ?::jsonb`, [JSON.stringify([email])]).first('body', 'status');
}

describe('workspace mailings', () => {
  it('a segment, a mailing to it, the send and its results', async () => {
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/mailings');
    await page.locator('[data-action="new-segment"]').click();
    await page.locator('#segment-name').fill('Весенняя акция');
    await page.locator('[data-segment-condition] [data-condition-raw]').click();
    await page.locator('[data-segment-condition] textarea').fill('{"field":"email","op":"contains","value":"@mailing.test"}');
    await page.locator('[data-segment-condition] [data-condition-raw]').click();
    await page.locator('[data-segment-condition] [data-condition-sentence]').waitFor();
    await page.locator('[data-action="save-segment"]').click();
    await expect.poll(() => page.locator('[data-segment-count]').textContent()).toContain('3');
    await captureScreen(page, 'workspace-mailings', 'segment', 'ru', 'laptop');
    const segmentUrl = new URL(page.url()).pathname;

    await page.locator('[data-action="mail-segment"]').click();
    await page.locator('#mailing-name').fill('Весна');
    await page.locator('#mailing-subject').fill('Весна, {{ record.first_name }}');
    // The body in the code editor: a field from the segment entity's list, then a link through the link tool.
    await page.locator('#mailing-body').fill('Здравствуйте, ');
    await page.locator('#mailing-body').press('End');
    await page.locator('[data-insert="{{ record.first_name }}"]').click();
    await page.keyboard.type('! ');
    await page.locator('[data-action="open-link-tool"]').click();
    await page.locator('#mailing-link-url').fill('shop.example/spring');
    await page.locator('[data-action="insert-link"]').click();
    await page.locator('[data-field-error="mailing-link-url"]').waitFor();
    await page.locator('#mailing-link-url').fill('https://shop.example/spring');
    await page.locator('#mailing-link-words').fill('Новые цены');
    await page.locator('[data-action="insert-link"]').click();
    // The preview follows the typing, for the segment's first recipient; the count and the link base are shown before sending.
    await expect.poll(() => page.locator('[data-preview-subject]').textContent()).toBe('Весна, Анна');
    await expect.poll(() => page.locator('[data-preview-body]').textContent()).toContain('Здравствуйте, Анна! Новые цены: https://shop.example/spring');
    expect(await page.locator('[data-preview-links]').textContent()).toContain('https://shop.example/spring');
    expect(await page.locator('[data-mailing-audience]').textContent()).toContain('3');
    await page.locator('[data-link-base-fallback]').waitFor();
    await captureScreen(page, 'workspace-mailings', 'editor', 'ru', 'laptop');
    await page.locator('[data-action="send-mailing"]').click();
    await expect.poll(() => page.locator('[data-send-confirm]').textContent()).toContain('«Весенняя акция»');
    expect(await page.locator('[data-send-confirm]').textContent()).toContain('3');
    await captureScreen(page, 'workspace-mailings', 'confirm', 'ru', 'laptop');
    await page.locator('[data-action="confirm-send"]').click();
    await page.waitForURL((url) => /^\/mailings\/[0-9a-f-]{36}$/.test(url.pathname));
    const resultsUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.locator('[data-figure="recipients"]').textContent()).toContain('3');
    await close();

    // The duties deliver the messages; Анна follows the link, Борис unsubscribes, a deal follows for Анна.
    await expect.poll(async () => (await messageTo('vera@mailing.test'))?.status, { timeout: 20_000 }).toBe('delivered');
    const anna = (await messageTo('anna@mailing.test'))?.body ?? '';
    const click = await fetch(/https?:\/\/\S+\/t\/\S+/.exec(anna)?.[0] ?? '', { redirect: 'manual' });
    expect(click.headers.get('location')).toBe('https://shop.example/spring');
    const boris = (await messageTo('boris@mailing.test'))?.body ?? '';
    expect((await fetch(/https?:\/\/\S+\/u\/\S+/.exec(boris)?.[0] ?? '', { method: 'POST' })).status).toBe(200);
    expect((await harness.runtime.request('POST', '/api/records/deal', { body: { title: 'После весенней рассылки', contact: contacts['Анна'], stage: 'lead', amount: 50000 } })).status).toBe(201);

    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const shown = await openSignedIn(harness, lang, size, resultsUrl);
      await expect.poll(() => shown.page.locator('[data-figure="deals"]').textContent()).toContain('1');
      expect(await shown.page.locator('[data-recipient="anna@mailing.test"]').getAttribute('data-status')).toBe('clicked');
      expect(await shown.page.locator('[data-recipient="boris@mailing.test"]').getAttribute('data-status')).toBe('unsubscribed');
      expect(await shown.page.locator('[data-recipient="vera@mailing.test"]').getAttribute('data-status')).toBe('sent');
      expect(await shown.page.locator('[data-figure="clicks"]').textContent()).toContain('1');
      await captureScreen(shown.page, 'workspace-mailings', 'results', lang, size);
      if (lang !== 'ru' || size !== 'laptop') {
        await shown.page.goto(segmentUrl);
        await expect.poll(() => shown.page.locator('[data-segment-count]').textContent()).toContain('3');
        await captureScreen(shown.page, 'workspace-mailings', 'segment', lang, size);
        await shown.page.locator('[data-action="mail-segment"]').click();
        await shown.page.locator('[data-mailing-editor]').waitFor();
        await shown.page.locator('#mailing-subject').fill('Лето, {{ record.first_name }}');
        await shown.page.locator('#mailing-body').fill('<p>Здравствуйте!</p>');
        await expect.poll(() => shown.page.frameLocator('[data-preview-body]').locator('body').textContent()).toContain('Здравствуйте!');
        await captureScreen(shown.page, 'workspace-mailings', 'editor', lang, size);
        await shown.page.goto('/mailings');
        await shown.page.locator('[data-mailing="Весна"]').waitFor();
        await captureScreen(shown.page, 'workspace-mailings', 'list', lang, size);
        await shown.page.goto('/builder/settings');
        await shown.page.locator('#public-url').fill('crm.example.ru');
        await shown.page.locator('[data-action="save-public-url"]').click();
        await shown.page.locator('[data-field-error="public-url"]').waitFor();
        await captureScreen(shown.page, 'workspace-mailings', 'settings', lang, size);
      }
      await shown.close();
    }
  }, 420_000);
});
