import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, casesOfThisRun, chooseOption, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Issue 14 in Chromium: on the b2b-sales app an analyst adds a dashboard in the builder, adds a
 * widget, makes it a bar chart of deals by source (the lists offer only fields that group), sees
 * the draft autosaved with no issues beside the widget, publishes, and finds the dashboard in the
 * workspace's picker with the chart drawn. Screenshots ru/en x laptop/phone.
 */

interface DraftApp {
  dashboards?: Array<{ name: string; label: { ru?: string; en?: string }; widgets: Array<{ kind: string; entity: string; groupBy?: string }> }>;
}

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

/** Opens a select of our kit under `scope` and picks the option labelled exactly `option`. */
const choose = (page: Page, scope: string, option: string): Promise<void> => chooseOption(page, scope, new RegExp(`^${option}$`));

/** naive-ui keeps a closed menu in the page (hidden) and animates one out: wait until none shows. */
async function menusClosed(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.n-base-select-menu:visible').count()).toBe(0);
}

async function saved(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-save-state]').first().textContent(), { timeout: 15_000 }).toMatch(/Черновик сохранён|Draft saved/);
}

describe('dashboard designer', () => {
  it('builds a dashboard, publishes it, and the workspace shows it', async () => {
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/dashboards');
    // Each language gets its own name: the English one is not a copy of the Russian.
    await page.locator('#new-dashboard-label-ru').fill('Источники');
    await page.locator('#new-dashboard-label-en').fill('Lead sources');
    await captureScreen(page, 'dashboards-builder', 'list', 'ru', 'laptop');
    await page.locator('[data-action="add-dashboard"]').click();
    await page.waitForURL(/\/builder\/dashboards\/[a-z_0-9]+$/);
    await choose(page, '[data-input="new-widget-entity"]', 'Сделка');
    await page.locator('[data-action="add-widget"]').click();
    const editor = page.locator('[data-widget-editor]').first();
    await editor.waitFor();
    await editor.locator('[data-input="widget-label-ru"]').fill('Сделки по источникам');
    await editor.locator('[data-input="widget-label-ru"]').press('Tab');
    await choose(page, '[data-widget-editor] [data-input="widget-kind"]', 'Столбцы');
    // Only fields the reports can group by are offered: a long text is not.
    await page.locator('[data-widget-editor] [data-input="widget-group"] .n-base-selection').first().click();
    const groups = await page.locator('.n-base-select-menu:visible .n-base-select-option').allTextContents();
    expect(groups).toContain('Источник');
    expect(groups).not.toContain('Описание');
    await page.keyboard.press('Escape');
    await menusClosed(page);
    await choose(page, '[data-widget-editor] [data-input="widget-group"]', 'Источник');
    await saved(page);
    expect(await page.locator('[data-widget-problems]').count()).toBe(0);
    await captureScreen(page, 'dashboards-builder', 'designer', 'ru', 'laptop');

    const draft = await harness.runtime.request<DraftApp>('GET', '/api/definitions/draft');
    const built = draft.body.dashboards?.find((d) => d.widgets.some((w) => w.groupBy === 'source'));
    expect(built?.label).toEqual({ ru: 'Источники', en: 'Lead sources' });
    expect(built?.widgets).toEqual([expect.objectContaining({ kind: 'bar', entity: 'deal', groupBy: 'source' })]);
    expect((await harness.runtime.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
    await close();

    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const shown = await openSignedIn(harness, lang, size, `/dashboard?board=${built?.name ?? ''}`);
      await shown.page.locator(`[data-board="${built?.name ?? ''}"][aria-current="page"]`).waitFor();
      await shown.page.locator('[data-widget] canvas, [data-widget] [data-empty]').first().waitFor();
      await shown.page.waitForTimeout(1000);
      await captureScreen(shown.page, 'dashboards-builder', 'workspace', lang, size);
      await shown.page.goto(`/builder/dashboards/${built?.name ?? ''}`);
      await shown.page.locator('[data-widget-editor]').first().waitFor();
      await captureScreen(shown.page, 'dashboards-builder', 'designer', lang, size);
      await shown.close();
    }
  }, 420_000);
});
