import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, COMBOS, itScreens, openAs, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * The import wizard end to end as a sales rep: 700 generated contacts (two chunks) with Russian
 * headers matched to fields by label, a region written "Москва и область" mapped by hand to
 * Москва, and bad rows of every kind: a missing last name, a broken e-mail, an e-mail repeating
 * the row above, a company nobody has, a blank company (imported with a warning). The dry run
 * tells each row's fate before anything is written; the import shows its progress and the report
 * (CSV) lists every row with its reasons. Screens in both languages at both sizes.
 */

const PASSWORD = 'import-demo-password-1';
const REP = 'dmitry.petrov@example.com';
const COMPANY = 'ООО «СеверСталь-Сервис»';
const ROWS = 700;

let harness: BrowserHarness;

function csvCell(text: string): string {
  return /[",;\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Row i (0-based; file row i + 2) and what the import should make of it. */
function generatedCsv(prefix: string): string {
  const lines = ['Имя;Фамилия;Эл. почта;Компания;Регион;Заметка'];
  for (let i = 0; i < ROWS; i += 1) {
    const kind = i % 50;
    const lastName = kind === 7 ? '' : `Импортов${i}`;
    const email = kind === 13 ? 'not-an-email' : kind === 21 ? `${prefix}.${i - 1}@example.com` : `${prefix}.${i}@example.com`;
    const company = kind === 33 ? 'Нет такой компании' : kind === 40 ? '' : COMPANY;
    const region = i % 10 === 0 ? 'Москва и область' : 'Москва';
    lines.push([`Иван${i}`, lastName, email, company, region, 'не загружается'].map(csvCell).join(';'));
  }
  return lines.join('\r\n');
}

async function userId(email: string): Promise<string> {
  const found = await harness.runtime.request<{ data: Array<{ id: string; email: string }> }>('GET', `/api/users?q=${encodeURIComponent(email)}`);
  const user = found.body.data.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const patched = await harness.runtime.request('PATCH', `/api/users/${await userId(REP)}`, { body: { password: PASSWORD } });
  expect(patched.status).toBe(200);
});

afterAll(async () => {
  await harness?.close();
});

async function openWizard(lang: Lang, size: Size): Promise<Page> {
  const { page } = await openAs(harness, { email: REP, password: PASSWORD }, lang, size, '/import');
  await page.locator('[data-list="import-entities"] a').first().waitFor();
  return page;
}

async function upload(page: Page, prefix: string): Promise<void> {
  await page.locator('[data-input="import-file"]').setInputFiles({ name: `${prefix}.csv`, mimeType: 'text/csv', buffer: Buffer.from(generatedCsv(prefix), 'utf8') });
  await page.locator('[data-list="import-columns"]').waitFor();
}

async function chooseOption(page: Page, inputId: string, option: string): Promise<void> {
  await page.locator(`#${inputId}`).click();
  await page.locator('.n-base-select-option', { hasText: new RegExp(`^${option}$`) }).first().click();
  // The menu closes with an animation; a screen captured (and checked by axe) meanwhile would judge
  // a half-removed listbox.
  await page.locator('.n-base-select-menu').waitFor({ state: 'hidden' });
}

async function count(page: Page, key: string): Promise<number> {
  return Number(await page.locator(`[data-count="${key}"] dd`).innerText());
}

describe('import wizard', () => {
  it('checks 700 rows with a dry run, imports them in chunks with progress, and reports every bad row with its reason', async () => {
    const page = await openWizard('ru', 'laptop');
    await page.locator('[data-list="import-entities"] a[href="/import/contact"]').click();
    await page.waitForURL(/\/import\/contact/);
    await upload(page, 'wizard');

    // Columns matched by their Russian labels; the note column is left out.
    await expect.poll(() => page.locator('[data-column="Эл. почта"]').innerText()).toContain('Эл. почта');
    await expect.poll(() => page.locator('[data-column="Заметка"]').innerText()).toContain('не загружать');
    // "Москва и область" is no region: mapped to Москва by hand.
    await page.locator('[data-region="value-mapping"]').waitFor();
    await chooseOption(page, 'value-region-0', 'Москва');
    await captureScreen(page, 'workspace-import', 'mapping', 'ru', 'laptop');

    await page.locator('[data-action="check"]').click();
    await page.locator('[data-step="check"] [data-region="import-counts"]').waitFor({ timeout: 60_000 });
    expect(await count(page, 'accepted')).toBe(ROWS - 56);
    expect(await count(page, 'rejected')).toBe(42);
    expect(await count(page, 'skipped')).toBe(14);
    expect(await count(page, 'warnings')).toBe(14);
    // The dry run wrote nothing.
    expect(Number((await harness.runtime.db.knex('rec_contact').where('email', 'like', 'wizard.%').count({ n: '*' }).first())?.n)).toBe(0);
    const badRow = page.locator('[data-table="import-rows"] tr[data-row="9"]');
    await expect.poll(() => badRow.getAttribute('data-status')).toBe('rejected');
    await captureScreen(page, 'workspace-import', 'check', 'ru', 'laptop');

    await page.locator('[data-action="import"]').click();
    await page.locator('[data-step="done"] [data-region="import-counts"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-progress="done-progress"]').innerText()).toContain(`${ROWS} из ${ROWS}`);
    expect(await count(page, 'accepted')).toBe(ROWS - 56);
    const stored = await harness.runtime.db.knex('rec_contact').where('email', 'like', 'wizard.%').select('region', 'company');
    expect(stored).toHaveLength(ROWS - 56);
    expect(stored.every((c: { region: string }) => c.region === 'moscow')).toBe(true);
    await captureScreen(page, 'workspace-import', 'done', 'ru', 'laptop');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-report"]').click()]);
    const report = readFileSync(await download.path(), 'utf8');
    expect(report.startsWith('\uFEFF')).toBe(true);
    // Row 9 (i = 7) has no last name, row 15 a broken e-mail, row 23 repeats row 22, row 35 names no company.
    expect(report).toMatch(/^9,Отклонена,last_name,/m);
    expect(report).toMatch(/^15,Отклонена,email,/m);
    expect(report).toMatch(/^23,Пропущена,email,DUPLICATE,Повторяет строку 22/m);
    expect(report).toMatch(/^35,Отклонена,company,INVALID_REFERENCE,.*Нет такой компании/m);
    expect(report).toMatch(/^42,"?Принята, есть замечание"?,company,EMPTY_RELATION/m);
    expect(report.split('\r\n').filter((l) => /^\d+,Принята,/.test(l))).toHaveLength(ROWS - 56 - 14);
    await page.context().close();
  }, 300_000);

  itScreens('screens in both languages at both sizes', async () => {
    let n = 0;
    for (const [lang, size] of COMBOS) {
      n += 1;
      const page = await openWizard(lang, size);
      await captureScreen(page, 'workspace-import', 'entities', lang, size);
      await page.goto('/import/contact');
      await page.locator('[data-input="import-file"]').waitFor({ state: 'attached' });
      await captureScreen(page, 'workspace-import', 'upload', lang, size);
      await upload(page, `screen${n}`);
      await captureScreen(page, 'workspace-import', 'mapping', lang, size);
      await page.locator('[data-action="check"]').click();
      await page.locator('[data-step="check"] [data-region="import-counts"]').waitFor({ timeout: 60_000 });
      await captureScreen(page, 'workspace-import', 'check', lang, size);
      await page.context().close();
    }
  }, 400_000);
});
