import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, casesOfThisRun, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Issue 12 items 5 and 11 in Chromium, from an EMPTY app (no template): the builder invites to
 * create the first entity; the analyst creates "Сделка" with a money field "Сумма" and a choice
 * field "Этап" with options, publishes through the dialog (version 1), renames "Сумма" and
 * publishes again with the record's value kept, then deletes a field: the dialog lists what used
 * it and asks for its name. Then every screen is captured in ru/en at laptop and phone size.
 */

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('');
});

afterAll(async () => {
  await harness?.close();
});

async function saved(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-save-state]').first().textContent(), { timeout: 10_000 }).toMatch(/Черновик сохранён|Draft saved/);
}

async function addField(page: Page, label: string, type: string): Promise<void> {
  await page.locator('#add-field-label').fill(label);
  await page.locator('#add-field-type').selectOption(type);
  await page.locator('form[aria-label] button[type="submit"]', { hasText: /Добавить поле|Add field/ }).click();
}

/** A dialog's screenshot once its opening animation is over. */
async function settledCapture(page: Page, screen: string): Promise<void> {
  await page.waitForTimeout(400);
  await captureScreen(page, 'entity-designer', screen, 'ru', 'laptop');
}

/** Opens the publish dialog, waits for its plan, and publishes; returns the dialog's text. */
async function publishThroughDialog(page: Page, confirm: Record<string, string> = {}, screen?: string): Promise<string> {
  await page.locator('[data-action="open-publish"]').first().click();
  const dialog = page.locator('[data-dialog="publish"]');
  await dialog.locator('[data-phase="ready"]').waitFor({ timeout: 20_000 });
  for (const [step, name] of Object.entries(confirm)) await dialog.locator(`[data-confirm="${step}"]`).fill(name);
  const text = (await dialog.textContent()) ?? '';
  if (screen) await settledCapture(page, screen);
  await dialog.locator('[data-action="publish"]').click();
  await dialog.locator('[data-published]').waitFor({ timeout: 20_000 });
  const done = (await dialog.locator('[data-published]').textContent()) ?? '';
  await page.locator('[data-action="close-publish"]').click();
  return `${text}\n${done}`;
}

describe('entity designer from an empty app', () => {
  it('creates Сделка with Сумма and Этап, publishes v1, renames Сумма keeping data, and asks to confirm a drop by name', async () => {
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder');
    try {
      // The empty builder invites to start.
      const invite = page.locator('[data-empty="app"]');
      await invite.waitFor();
      expect(await invite.textContent()).toContain('Создать первую сущность');
      expect(await invite.textContent()).toContain('Начать с шаблона');
      await captureScreen(page, 'entity-designer', 'empty-builder', 'ru', 'laptop');

      // Create the entity: the machine name comes from the English label.
      await invite.locator('a', { hasText: 'Создать первую сущность' }).click();
      await page.locator('#new-entity-label').fill('Сделка');
      await page.locator('#new-entity-label-en').fill('Deal');
      expect(await page.locator('#new-entity-name').inputValue()).toBe('deal');
      await page.locator('form[aria-label="Новая сущность"] button[type="submit"]').click();
      await page.waitForURL(/\/builder\/entities\/deal/);

      // A money field and a choice field with options; names transliterated from Russian.
      await addField(page, 'Сумма', 'money');
      await page.locator('[data-panel-field="summa"]').waitFor();
      await addField(page, 'Этап', 'enum');
      await page.locator('[data-panel-field="etap"]').waitFor();
      for (const option of ['Новая', 'Переговоры']) {
        await page.locator('[data-input="new-option"]').fill(option);
        await page.locator('[data-input="new-option"]').press('Enter');
      }
      await expect.poll(() => page.locator('[data-option-value]').count()).toBe(3);
      expect(await page.locator('[data-list="fields"]').textContent()).toMatch(/Название[\s\S]*Сумма[\s\S]*Этап/);
      await saved(page);
      await captureScreen(page, 'entity-designer', 'field-panel', 'ru', 'laptop');

      // Publish: the plan creates the table; version 1.
      const first = await publishThroughDialog(page, {}, 'publish-dialog-plan');
      expect(first).toContain('deal');
      expect(first).toContain('Опубликована версия 1');

      // A record made through the API before the rename.
      const created = await harness.runtime.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Первая сделка', summa: 1500, etap: 'novaia' } });
      expect(created.status).toBe(201);

      // Rename Сумма -> amount: the stable id stays, the publish renames the column.
      await page.goto('/builder/entities/deal?field=summa');
      await page.locator('#field-name').fill('amount');
      await page.locator('#field-name').press('Enter');
      await page.locator('[data-panel-field="amount"]').waitFor();
      await saved(page);
      const second = await publishThroughDialog(page);
      expect(second).toMatch(/summa[\s\S]*amount/);
      expect(second).toContain('Опубликована версия 2');
      const read = await harness.runtime.request<Record<string, unknown>>('GET', `/api/records/deal/${created.body.id}`);
      expect(read.body['amount']).toBe(1500);
      expect(read.body).not.toHaveProperty('summa');

      // A view uses Этап in the live version; then the analyst deletes Этап.
      const draft = await harness.runtime.request<Record<string, unknown>>('GET', '/api/definitions/draft');
      const withView = { ...draft.body, views: [{ name: 'deals_by_stage', label: { ru: 'Сделки по этапам', en: 'Deals by stage' }, entity: 'deal', columns: ['title', 'etap'] }] };
      expect((await harness.runtime.request('PUT', '/api/definitions/draft', { body: withView })).status).toBe(200);
      expect((await harness.runtime.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
      await page.goto('/builder/entities/deal?field=etap');
      await page.locator('[data-action="delete-field"]').click();
      await saved(page);

      // The view still names Этап: a problem, which opens where it is fixed.
      await page.locator('[data-action="open-publish"]').first().click();
      const dialog = page.locator('[data-dialog="publish"]');
      await dialog.locator('[data-phase="problems"]').waitFor({ timeout: 20_000 });
      expect(await dialog.locator('[data-list="problems"]').textContent()).toContain('etap');
      await settledCapture(page, 'publish-dialog-problems');
      await page.locator('[data-action="close-publish"]').click();

      // The forms-and-views designer (another screen) takes Этап out of the view.
      const current = await harness.runtime.request<Record<string, unknown>>('GET', '/api/definitions/draft');
      const fixed = { ...current.body, views: [{ name: 'deals_by_stage', label: { ru: 'Сделки по этапам', en: 'Deals by stage' }, entity: 'deal', columns: ['title'] }] };
      expect((await harness.runtime.request('PUT', '/api/definitions/draft', { body: fixed })).status).toBe(200);
      await page.goto('/builder/entities/deal');
      await page.locator('[data-action="open-publish"]').first().click();
      await dialog.locator('[data-phase="ready"]').waitFor({ timeout: 20_000 });
      const drop = dialog.locator('[data-step="drop-field:deal.etap"]');
      expect(await drop.textContent()).toContain('Данные есть у 1 записи');
      expect(await drop.locator('[data-reference="view:deals_by_stage"]').textContent()).toContain('Сделки по этапам');
      expect(await dialog.locator('[data-action="publish"]').isDisabled()).toBe(true);
      await dialog.locator('[data-confirm="drop-field:deal.etap"]').fill('etap');
      expect(await dialog.locator('[data-action="publish"]').isDisabled()).toBe(false);
      await settledCapture(page, 'publish-dialog-drop');
      await dialog.locator('[data-action="publish"]').click();
      await dialog.locator('[data-published]').waitFor({ timeout: 20_000 });
      expect(await dialog.locator('[data-published]').textContent()).toContain('Опубликована версия 4');
      await page.locator('[data-action="close-publish"]').click();

      // Version history: version 2 renamed Сумма; rolling back to it brings Этап back from the archive.
      await page.goto('/builder/publish/versions/2');
      await page.locator('[data-diff="renamed:field:amount"]').waitFor();
      await page.locator('[data-action="plan-rollback"]').click();
      await page.locator('[data-step="restore-field:deal.etap"]').waitFor();
      await page.locator('[data-action="rollback"]').click();
      await expect.poll(() => page.locator('[data-rolled-back]').textContent()).toContain('версия 5');
      const restored = await harness.runtime.request<Record<string, unknown>>('GET', `/api/records/deal/${created.body.id}`);
      expect(restored.body['etap']).toBe('novaia');
    } finally {
      await close();
    }
  }, 180_000);

  it.each(casesOfThisRun(COMBOS))('shows the entity list, editor, field panel, publish page and a version (%s, %s)', async (lang, size) => {
    const { page, close } = await openSignedIn(harness, lang, size, '/builder/entities');
    try {
      await page.locator('[data-list="entities"] li').first().waitFor();
      expect(await page.locator('[data-list="entities"]').textContent()).toContain(lang === 'ru' ? 'Сделка' : 'Deal');
      await captureScreen(page, 'entity-designer', 'entity-list', lang, size);

      await page.goto('/builder/entities/deal?field=amount');
      await page.locator('[data-panel-field="amount"]').waitFor();
      // Money offers indexed but not unique (the field-type catalog).
      expect(await page.locator('[data-flag="indexed"]').count()).toBe(1);
      expect(await page.locator('[data-flag="unique"]').count()).toBe(0);
      await captureScreen(page, 'entity-designer', 'entity-editor', lang, size);

      await page.goto('/builder/publish');
      await page.locator('[data-list="versions"] li').first().waitFor();
      await page.locator('[data-phase="nothing"], [data-phase="ready"]').first().waitFor({ timeout: 20_000 });
      await captureScreen(page, 'entity-designer', 'publish-page', lang, size);

      await page.goto('/builder/publish/versions/2');
      await page.locator('[data-diff="renamed:field:amount"]').waitFor();
      await captureScreen(page, 'entity-designer', 'version', lang, size);
    } finally {
      await close();
    }
  });
});
