import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from '@crm/schemas';
import { captureScreen, casesOfThisRun, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 12 item 12 in Chromium: from an empty app, "Start from a template" opens the gallery; the
 * b2b-sales preview shows its entities, pipelines, roles and processes; "Use this template" puts
 * its app into the draft (saved on the server), and the entity list shows its entities. Then, on
 * an app that is live, an admin installs the whole template (TemplateInstallPanel.vue): the dry run
 * says what would be added beside the app and the publish plan, the install publishes it, and a
 * template whose names are now taken is refused with every clash named.
 */

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('');
});

afterAll(async () => {
  await harness?.close();
});

describe('template gallery', () => {
  it.each(casesOfThisRun(COMBOS))('previews b2b-sales (%s, %s)', async (lang, size) => {
    const { page, close } = await openSignedIn(harness, lang, size, '/builder');
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
      expect(await preview.locator('[data-list="template-web-forms"] li').count()).toBeGreaterThan(0);
      // "Use this template" brings its document and e-mail templates too: the preview names them, in the page's language.
      const invoice = preview.locator('[data-text-template="deal_invoice"]');
      expect(await invoice.textContent()).toContain(lang === 'ru' ? 'Документ (PDF)' : 'Document (PDF)');
      await captureScreen(page, 'templates-gallery', 'preview', lang, size);
    } finally {
      await close();
    }
  });

  it('puts the template into the draft and shows its entities', async () => {
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/templates');
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

/** An app the admin built and published before installing anything: one entity, one role of its own. */
const ownApp: App = {
  name: 'shelter',
  entities: [
    {
      name: 'pet',
      label: { en: 'Pet', ru: 'Питомец' },
      fields: [{ name: 'nickname', label: { en: 'Nickname', ru: 'Кличка' }, type: 'text', required: true }],
      display: 'nickname',
      search: ['nickname'],
    },
  ],
  roles: [{ name: 'designer', label: { en: 'Designer', ru: 'Дизайнер' }, builder: true }],
};

async function dryRun(page: Page, template: string): Promise<void> {
  await page.locator(`[data-template="${template}"] [data-action="preview-template"]`).click();
  await page.locator('[data-template-preview]').waitFor();
  await page.locator('[data-action="dry-run-template"]').click();
}

describe('installing a whole template beside a live app (admin)', () => {
  beforeAll(async () => {
    // The first describe left a template in the draft; the admin's own app replaces it and goes live.
    const put = await harness.runtime.request('PUT', '/api/definitions/draft', { body: ownApp });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const published = await harness.runtime.request('POST', '/api/definitions/publish', { body: {} });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  });

  // The clash test below takes every pair but en/laptop, the install test's own.
  const combos: Array<[Lang, Size]> = [
    ['ru', 'laptop'],
    ['en', 'phone'],
    ['ru', 'phone'],
    ['en', 'laptop'],
  ];

  it.each(casesOfThisRun(combos))('dry-runs b2b-sales: what would be added beside the app, and the plan (%s, %s)', async (lang, size) => {
    const { page, close } = await openSignedIn(harness, lang, size, '/builder/templates');
    try {
      await dryRun(page, 'b2b-sales');
      const preview = page.locator('[data-install-preview]');
      await preview.waitFor();
      expect(await preview.textContent()).toContain(lang === 'ru' ? 'будут добавлены рядом' : 'added beside');
      expect(await preview.locator('[data-install-part="entities"]').textContent()).toContain(lang === 'ru' ? 'Сделка' : 'Deal');
      expect(await preview.locator('[data-install-part="records"]').count()).toBe(1);
      expect(await preview.locator('[data-list="install-plan"] li').count()).toBeGreaterThan(0);
      await captureScreen(page, 'templates-gallery', 'install-preview', lang, size);
    } finally {
      await close();
    }
  });

  it('installs b2b-sales beside the app, and a second install is refused naming every clash', async () => {
    const { page, close } = await openSignedIn(harness, 'en', 'laptop', '/builder/templates');
    try {
      await dryRun(page, 'b2b-sales');
      await page.locator('[data-action="install-template"]').click();
      // Publishing the template and writing its demo records (its processes run on them) takes a while.
      await page.locator('[data-install-done]').waitFor({ timeout: 120_000 });
      await captureScreen(page, 'templates-gallery', 'install-done', 'en', 'laptop');
      const live = await harness.runtime.request<App>('GET', '/api/definitions/live');
      expect(live.body.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['pet', 'deal', 'company']));
      expect(live.body.roles?.map((r) => r.name)).toEqual(expect.arrayContaining(['designer', 'sales_rep']));

      await page.reload();
      await dryRun(page, 'b2b-sales');
      const problems = page.locator('[data-install-problem]');
      await problems.first().waitFor();
      const text = (await problems.allTextContents()).join('\n');
      for (const name of ['deal', 'company', 'deals_board']) expect(text).toContain(name);
      // Roles of the same name and powers are merged, not clashes (template-merge.rules.ts).
      expect(text).not.toContain('sales_rep');
      expect(await page.locator('[data-install-preview]').count()).toBe(0);
      await captureScreen(page, 'templates-gallery', 'install-clash', 'en', 'laptop');
    } finally {
      await close();
    }
  }, 180_000);

  it.each(casesOfThisRun(combos.filter(([lang, size]) => lang !== 'en' || size !== 'laptop')))('shows the clash in the admin\'s language (%s, %s)', async (lang, size) => {
    const { page, close } = await openSignedIn(harness, lang, size, '/builder/templates');
    try {
      await dryRun(page, 'b2b-sales');
      const problems = page.locator('[data-install-problem]');
      await problems.first().waitFor();
      expect(await problems.first().textContent()).toContain(lang === 'ru' ? 'уже есть' : 'already has');
      await captureScreen(page, 'templates-gallery', 'install-clash', lang, size);
    } finally {
      await close();
    }
  });
});
