import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, captureScreen, signIn, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 12 item 12 in Chromium: from an empty app, "Start from a template" opens the gallery; the
 * b2b-sales preview shows its entities, pipelines, roles and processes; "Use this template" puts
 * its app into the draft (saved on the server), and the entity list shows its entities.
 */

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('');
});

afterAll(async () => {
  await harness?.close();
});

async function openSignedIn(lang: Lang, size: Size, path: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await harness.newPage(lang, size);
  await page.goto('/sign-in');
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH');
  await page.locator(`[data-locale="${lang}"]`).first().click();
  expect((await saved).status()).toBe(200);
  await page.goto(path);
  return { page, close: () => context.close() };
}

describe('template gallery', () => {
  const combos: Array<[Lang, Size]> = [
    ['ru', 'laptop'],
    ['ru', 'phone'],
    ['en', 'laptop'],
    ['en', 'phone'],
  ];

  it.each(combos)('previews b2b-sales (%s, %s)', async (lang, size) => {
    const { page, close } = await openSignedIn(lang, size, '/builder');
    try {
      await page.locator('[data-empty="app"] a', { hasText: lang === 'ru' ? 'Начать с шаблона' : 'Start from a template' }).click();
      await page.waitForURL(/\/builder\/templates$/);
      const card = page.locator('[data-template="b2b-sales"]');
      await card.waitFor();
      expect(await card.textContent()).toContain(lang === 'ru' ? 'B2B-продажи' : 'B2B sales');
      await captureScreen(page, 'templates-gallery', 'gallery', lang, size);
      await card.locator('[data-action="preview-template"]').click();
      const preview = page.locator('[data-template-preview]');
      await preview.waitFor();
      expect(await preview.locator('[data-list="template-entities"]').textContent()).toContain(lang === 'ru' ? 'Сделка' : 'Deal');
      expect(await preview.locator('[data-list="template-pipelines"] li').count()).toBeGreaterThan(0);
      expect(await preview.locator('[data-list="template-roles"] li').count()).toBeGreaterThan(0);
      expect(await preview.locator('[data-list="template-processes"] li').count()).toBeGreaterThan(0);
      await captureScreen(page, 'templates-gallery', 'preview', lang, size);
    } finally {
      await close();
    }
  });

  it('puts the template into the draft and shows its entities', async () => {
    const { page, close } = await openSignedIn('ru', 'laptop', '/builder/templates');
    try {
      await page.locator('[data-template="b2b-sales"] [data-action="preview-template"]').click();
      await page.locator('[data-action="use-template"]').click();
      await page.waitForURL(/\/builder\/entities/);
      await page.locator('[data-list="entities"] li').first().waitFor();
      expect(await page.locator('[data-list="entities"]').textContent()).toContain('Сделка');
      const draft = await harness.runtime.request<{ entities: Array<{ name: string }> }>('GET', '/api/definitions/draft');
      expect(draft.body.entities.map((e) => e.name)).toContain('deal');
      // Nothing is published until the analyst publishes.
      expect((await harness.runtime.request('GET', '/api/definitions/live')).status).toBe(404);

      // Using a template again asks before replacing a draft that has entities.
      await page.goto('/builder/templates');
      await page.locator('[data-template="b2b-sales"] [data-action="preview-template"]').click();
      await page.locator('[data-action="use-template"]').click();
      await page.locator('[data-action="confirm-replace"]').waitFor();
      await captureScreen(page, 'templates-gallery', 'replace-confirm', 'ru', 'laptop');
    } finally {
      await close();
    }
  });
});
