import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { captureScreen, casesOfThisRun, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * "Discard changes" in Chromium on b2b-sales (issue 14): with the draft the same as the published app
 * the toolbar does not offer it; with a changed draft it does, asks first (the confirmation captured
 * in ru/en at laptop and phone size), and after the discard the builder shows the published app and
 * the server's draft is the live one again.
 */

const CHANGED = { ru: 'Сделка (проба)', en: 'Deal (trial)' };

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function changeDraft(): Promise<void> {
  const live = await harness.runtime.request<App>('GET', '/api/definitions/live');
  const app = live.body;
  const deal = app.entities.find((e) => e.name === 'deal');
  if (!deal) throw new Error('b2b-sales has no deal entity');
  deal.label = CHANGED;
  const saved = await harness.runtime.request('PUT', '/api/definitions/draft', { body: app });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

describe('discarding the draft in the builder', () => {
  it.each(casesOfThisRun(COMBOS))('offers it only for a changed draft, asks first, and shows the published app after it (%s, %s)', async (lang, size) => {
    // Nothing to discard: the draft is the published app.
    const first = await openSignedIn(harness, lang, size, '/builder/entities/deal');
    try {
      await first.page.locator('[data-toolbar="draft"]').waitFor();
      await first.page.locator('[data-list="fields"], [data-panel-field], form[aria-label]').first().waitFor();
      await first.page.waitForTimeout(300);
      expect(await first.page.locator('[data-action="open-discard"]').count()).toBe(0);
    } finally {
      await first.close();
    }

    await changeDraft();
    const { page, close } = await openSignedIn(harness, lang, size, '/builder/entities/deal');
    try {
      const offer = page.locator('[data-action="open-discard"]');
      await offer.waitFor();
      expect(await offer.textContent()).toContain(lang === 'ru' ? 'Сбросить изменения' : 'Discard changes');
      expect(await page.locator('main').textContent()).toContain(CHANGED[lang]);
      await offer.click();
      const dialog = page.locator('[data-dialog="discard-draft"]');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(lang === 'ru' ? 'Черновик вернётся к опубликованной версии' : 'The draft goes back to the published version');
      // The dialog once its opening animation is over.
      await page.waitForTimeout(400);
      await captureScreen(page, 'draft-discard', 'confirm', lang, size);

      await page.locator('[data-action="confirm-discard"]').click();
      await dialog.waitFor({ state: 'detached', timeout: 10_000 });
      await expect.poll(() => offer.count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(async () => (await page.locator('main').textContent()) ?? '').not.toContain(CHANGED[lang]);
      // The screen changed under the analyst: the toolbar says why.
      const notice = page.locator('[data-toolbar="draft"] [data-discarded]');
      await expect.poll(() => notice.textContent()).toBe(lang === 'ru' ? 'Изменения сброшены: показана опубликованная версия.' : 'Changes discarded: this is the published version.');
      const draft = await harness.runtime.request('GET', '/api/definitions/draft');
      expect(draft.headers.get('x-definition-source')).toBe('live');
      await captureScreen(page, 'draft-discard', 'after', lang, size);
    } finally {
      await close();
    }
  }, 180_000);
});
