import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BULK_MAX_MATCHING } from '@crm/schemas';
import { captureScreen, chooseOption, itScreens, openAs, SCREENS_IN_THIS_RUN, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 13 item 3 and the shell of item 1: a sales rep opens the deals list, sorts it, filters it
 * with the condition editor, saves the view as a personal one, changes the stage of three deals at
 * once (one is refused by the pipeline and the list says which and why), searches the whole CRM
 * from the top bar with the keyboard and opens the notification bell. Every screen is captured in
 * ru and en, on a laptop and a phone (cards there), and checked with axe.
 */

const REP = { email: 'lists.rep@example.com', name: 'Лидия Спискова', password: 'lists-rep-password-1', roles: ['sales_rep'] };
const TEST = 'workspace-lists';

let harness: BrowserHarness;
let repToken = '';
let repId = '';
const deals: Record<string, string> = {};

async function create(entity: string, body: Record<string, unknown>): Promise<string> {
  const res = await harness.runtime.request<{ id: string }>('POST', `/api/records/${entity}`, { body, token: repToken });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const user = await harness.runtime.request<{ id: string }>('POST', '/api/users', { body: REP });
  expect(user.status).toBe(201);
  repId = user.body.id;
  const login = await harness.runtime.request<{ token: string }>('POST', '/api/auth/login', { body: { email: REP.email, password: REP.password }, token: null });
  repToken = login.body.token;
  const company = await create('company', { name: 'Ромашка-Трейд' });
  deals['a'] = await create('deal', { title: 'Ромашка: поставка ноутбуков', stage: 'lead', amount: 64000 });
  deals['b'] = await create('deal', { title: 'Ромашка: сервисный контракт', stage: 'lead', amount: 38000 });
  deals['c'] = await create('deal', { title: 'Ромашка: лицензии на год', stage: 'contract', amount: 52000, company, close_date: '2027-02-15' });
  deals['d'] = await create('deal', { title: 'Облачный переезд «Вектора»', stage: 'lead', amount: 97000 });
  await harness.runtime.db.knex('notifications').insert([
    { user_id: repId, message: 'Сделка «Ромашка: лицензии на год» ждёт подписания договора', entity: 'deal', record_id: deals['c'] },
    { user_id: repId, message: 'Напоминание: позвонить в «Ромашку» до 15:00' },
  ]);
});

afterAll(async () => {
  await harness?.close();
});

async function openDeals(lang: Lang, size: Size): Promise<Page> {
  const { page } = await openAs(harness, REP, lang, size, '/lists/deal');
  await page.locator(size === 'phone' ? '[data-list-card]' : '[data-list-table] [data-cell="amount"]').first().waitFor();
  await page.waitForLoadState('networkidle');
  return page;
}

function listAnswer(page: Page, part: string) {
  return page.waitForResponse((r) => r.url().includes('/api/records/deal?') && decodeURIComponent(r.url()).includes(part) && r.request().method() === 'GET');
}

/** The deals list's own section is marked in the navigation: one row on a laptop ("More" past it), the menu on a phone. */
async function checkNavigation(page: Page, lang: Lang, size: Size): Promise<void> {
  const current = lang === 'ru' ? 'Сделки' : 'Deals';
  if (size === 'phone') {
    // A phone: the sections are in the menu, the list's own marked; Escape closes it.
    await page.locator('[data-action="open-nav"]').click();
    const menu = page.locator('[data-region="nav-drawer"]');
    await menu.waitFor();
    await expect.poll(async () => (await menu.boundingBox())?.x).toBe(0);
    expect(await menu.locator('nav a[aria-current="page"]').textContent()).toContain(current);
    await captureScreen(page, TEST, 'menu', lang, size);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    return;
  }
  // A laptop: the sections take one row (no wrapping); what does not fit is behind "More".
  const row = page.locator('[data-region="top-bar"] nav').first();
  expect((await row.boundingBox())?.height ?? 0).toBeLessThan(50);
  expect(await row.locator('a[aria-current="page"]').textContent()).toContain(current);
  const more = row.locator('[data-action="nav-more"]');
  if ((await more.count()) === 0) return;
  await more.click();
  await row.locator('[data-list="nav-more"] a').first().waitFor();
  await captureScreen(page, TEST, 'nav-more', lang, size);
  await page.keyboard.press('Escape');
  await row.locator('[data-list="nav-more"]').waitFor({ state: 'hidden' });
}

describe('the deals list', () => {
  it('sorts, filters, saves a personal view, bulk-changes the stage with one refusal explained, searches and rings the bell', async () => {
    const page = await openDeals('ru', 'laptop');
    // The shell's navigation comes from what the rep may read.
    await expect(page.locator('[data-region="top-bar"] nav a[href="/lists/deal"]').count()).resolves.toBeGreaterThan(0);
    await captureScreen(page, TEST, 'list', 'ru', 'laptop');
    await checkNavigation(page, 'ru', 'laptop');

    // Sort by a header: ascending amount puts the smallest deal first.
    const sorted = listAnswer(page, 'sort=amount');
    await page.locator('[data-sort="amount"]').click();
    await sorted;
    await expect.poll(() => page.locator('[data-list-table] [data-cell="title"]').first().textContent()).toContain('сервисный контракт');

    // Inline edit where the rep may write: the amount of «сервисный контракт», saved with its version.
    const first = page.locator('[data-list-table] tbody tr').first();
    await first.locator('[data-cell="amount"] [data-action="edit-cell"]').click();
    await page.locator('[data-cell-editor] input').first().fill('41000');
    const patched = page.waitForResponse((r) => r.url().includes(`/api/records/deal/${deals['b'] ?? ''}`) && r.request().method() === 'PATCH');
    await page.locator('[data-action="save-cell"]').click();
    expect((await patched).status()).toBe(200);
    await expect.poll(() => first.locator('[data-cell="amount"]').textContent()).toMatch(/41\s000/);

    // Filter with the condition editor (its JSON mode): amounts under 90 000 leave out «Вектор».
    await page.locator('[data-action="list-filter"]').click();
    await page.locator('[data-list-filter] [data-condition-raw]').click();
    await page.locator('[data-list-filter] textarea').fill('{"field":"amount","op":"lt","value":90000}');
    await page.locator('[data-list-filter] [data-condition-raw]').click();
    await page.locator('[data-list-filter] [data-condition-sentence]').waitFor();
    await captureScreen(page, TEST, 'filter', 'ru', 'laptop');
    const filtered = listAnswer(page, '"op":"lt"');
    await page.locator('[data-action="apply-filter"]').click();
    await filtered;
    await page.locator('[data-list-table] [data-cell="title"]', { hasText: 'Вектора' }).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-action="list-filter"]').textContent()).toContain('Фильтр (1)');

    // Save it as a personal view.
    await page.locator('[data-action="save-view"]').click();
    await page.locator('[data-save-view] input').fill('Ромашка до 90 тысяч');
    await captureScreen(page, TEST, 'save-view', 'ru', 'laptop');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/saved-views') && r.request().method() === 'POST');
    await page.locator('[data-action="save-view-confirm"]').click();
    expect((await saved).status()).toBe(201);
    await expect.poll(() => page.locator('[data-list-view]').textContent()).toContain('Мои: Ромашка до 90 тысяч');

    // Export of the view: the same filter and columns as CSV.
    const href = await page.locator('[data-action="export-csv"]').getAttribute('href');
    const csv = await page.request.get(href ?? '');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Ромашка: лицензии на год');
    expect(await csv.text()).not.toContain('Вектора');

    // Bulk: the three Ромашка deals to Qualification; the one in Contract may not go back there.
    for (const key of ['a', 'b', 'c']) {
      const title = await harness.runtime.request<{ title: string }>('GET', `/api/records/deal/${deals[key] ?? ''}`, { token: repToken });
      await page.locator('[data-select-row]').and(page.locator(`[aria-label*="${title.body.title}"]`)).check();
    }
    await expect.poll(() => page.locator('[data-bulk-bar]').textContent()).toContain('Выбраны 3 записи');
    await page.locator('[data-action="bulk-stage"]').click();
    await page.locator('[data-bulk-stage]').click();
    await page.locator('.n-base-select-option', { hasText: 'Квалификация' }).first().click();
    const bulk = page.waitForResponse((r) => r.url().includes('/api/records/deal/bulk'));
    await page.locator('[data-action="bulk-run"]').click();
    expect((await bulk).status()).toBe(200);
    const refused = page.locator('[data-bulk-refused]');
    await refused.waitFor();
    await expect(refused.locator('li').count()).resolves.toBe(1);
    await expect.poll(() => refused.textContent()).toMatch(/лицензии на год.*нельзя перевести/s);
    await captureScreen(page, TEST, 'bulk-refused', 'ru', 'laptop');
    const stageOf = async (key: string) => (await harness.runtime.request<{ stage: string }>('GET', `/api/records/deal/${deals[key] ?? ''}`, { token: repToken })).body.stage;
    await expect(stageOf('a')).resolves.toBe('qualified');
    await expect(stageOf('c')).resolves.toBe('contract');

    // Global search from the keyboard: "/" focuses it, results are grouped by entity.
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await page.keyboard.type('Ромашка');
    await page.locator('[data-search-group="company"] [data-search-hit]').first().waitFor();
    await expect(page.locator('[data-search-group="deal"] [data-search-hit]').count()).resolves.toBe(3);
    await captureScreen(page, TEST, 'search', 'ru', 'laptop');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('[data-search-hit][aria-selected="true"]').textContent()).toContain('Ромашка:');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.endsWith('/lists/deal'));

    // The bell: two unread, one marked read.
    await page.goto('/lists/deal');
    await page.locator('[data-bell-count]').waitFor();
    await expect.poll(() => page.locator('[data-bell-count]').textContent()).toBe('2');
    await page.locator('[data-action="open-bell"]').click();
    await page.locator('[data-bell-panel] [data-notification]').first().waitFor();
    await captureScreen(page, TEST, 'bell', 'ru', 'laptop');
    await page.locator('[data-bell-panel] [data-action="mark-read"]').first().click();
    await expect.poll(() => page.locator('[data-bell-count]').textContent()).toBe('1');
    await page.context().close();
  });

  it('pages on by cursor as the rep scrolls to the end of a long list', async () => {
    const pager = { email: 'lists.pager@example.com', name: 'Павел Страничкин', password: 'lists-pager-password-1', roles: ['sales_rep'] };
    expect((await harness.runtime.request('POST', '/api/users', { body: pager })).status).toBe(201);
    const token = (await harness.runtime.request<{ token: string }>('POST', '/api/auth/login', { body: { email: pager.email, password: pager.password }, token: null })).body.token;
    for (let batch = 0; batch < 12; batch += 1) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => harness.runtime.request('POST', '/api/records/deal', { body: { title: `Сделка №${batch * 10 + i + 1}`, stage: 'lead', amount: 1000 + batch * 10 + i }, token })),
      );
    }
    const { page } = await openAs(harness, pager, 'ru', 'laptop', '/lists/deal');
    await page.locator('[data-list-table] [data-cell="amount"]').first().waitFor();
    await expect.poll(() => page.locator('.crm-page__subtitle').textContent()).toContain('Показано: 50, есть ещё');
    // The table draws only what is in sight, not the 50 loaded rows.
    await expect(page.locator('[data-list-table] tbody tr').count()).resolves.toBeLessThan(40);
    const next = page.waitForResponse((r) => r.url().includes('/api/records/deal?') && r.url().includes('cursor='));
    await page.locator('[data-list-table] .v-vl').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    expect((await next).status()).toBe(200);
    await expect.poll(() => page.locator('.crm-page__subtitle').textContent()).toContain('Показано: 120');

    // The column picker: "Created" added and moved up to second place; the header follows.
    await page.locator('[data-action="list-columns"]').click();
    await page.locator('[data-column-toggle="created_at"]').check();
    for (let i = 0; i < 20 && (await page.locator('[data-column-choice]').nth(1).getAttribute('data-column-choice')) !== 'created_at'; i += 1) {
      await page.locator('[data-column-up="created_at"]').click();
    }
    await captureScreen(page, TEST, 'columns', 'ru', 'laptop');
    await page.locator('[data-action="columns-apply"]').click();
    await expect(page.locator('[data-sort]').nth(1).getAttribute('data-sort')).resolves.toBe('created_at');

    // Select all matching: the 120 deals, though only the first 50 are loaded, change stage in one action.
    await page.reload();
    await page.locator('[data-list-table] [data-cell="amount"]').first().waitFor();
    await expect.poll(() => page.locator('.crm-page__subtitle').textContent()).toContain('есть ещё');
    await page.locator('[data-select-all]').check();
    await page.locator('[data-action="select-all-matching"]').click();
    await expect.poll(() => page.locator('[data-bulk-all-matching]').textContent()).toContain('Выбраны все подходящие записи: 120');
    await page.locator('[data-action="bulk-stage"]').click();
    await expect.poll(() => page.locator('[data-bulk-matching-note]').textContent()).toContain('(120)');
    await page.locator('[data-bulk-stage]').click();
    await page.locator('.n-base-select-option', { hasText: 'Квалификация' }).first().click();
    const bulk = page.waitForResponse((r) => r.url().includes('/api/records/deal/bulk'));
    await page.locator('[data-action="bulk-run"]').click();
    const answer = (await (await bulk).json()) as { done: number; refused: number; truncated: boolean };
    expect(answer).toMatchObject({ done: 120, refused: 0, truncated: false });
    await page.locator('[data-bulk-outcome]').waitFor();
    await captureScreen(page, TEST, 'bulk-all-matching', 'ru', 'laptop');
    const qualified = await harness.runtime.request<{ total: number }>('GET', `/api/records/deal?count=true&limit=1&filter=${encodeURIComponent('{"field":"stage","op":"eq","value":"qualified"}')}`, { token });
    expect(qualified.body.total).toBe(120);
    await page.context().close();
  });

  // In the embedded run only: the server's side of going on runs on both databases in
  // records-bulk-limit.integration.test.ts, and this flow on screen is the same on either.
  it.skipIf(!SCREENS_IN_THIS_RUN)('changes the stage of more deals than one request may touch: it stops at the limit, says so, and goes on with the rest', async () => {
    const bulkRep = { email: 'lists.bulk@example.com', name: 'Борис Массовый', password: 'lists-bulk-password-1', roles: ['sales_rep'] };
    expect((await harness.runtime.request('POST', '/api/users', { body: bulkRep })).status).toBe(201);
    const token = (await harness.runtime.request<{ token: string }>('POST', '/api/auth/login', { body: { email: bulkRep.email, password: bulkRep.password }, token: null })).body.token;
    // One more deal than "all matching" handles in one request, imported by the rep (so the rep owns them).
    const deals = BULK_MAX_MATCHING + 1;
    const csv = ['title,stage,amount', ...Array.from({ length: deals }, (_, i) => `Массовая сделка ${i + 1},lead,${500 + i}`)].join('\n');
    const imported = await fetch(`${harness.runtime.baseUrl}/api/import/deal`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect(((await imported.json()) as { created: number }).created).toBe(deals);

    const { page } = await openAs(harness, bulkRep, 'ru', 'laptop', '/lists/deal');
    await page.locator('[data-list-table] [data-cell="amount"]').first().waitFor();
    await page.locator('[data-select-all]').check();
    await page.locator('[data-action="select-all-matching"]').click();
    await expect.poll(() => page.locator('[data-bulk-all-matching]').textContent()).toContain(`Выбраны все подходящие записи: ${deals}`);
    await page.locator('[data-action="bulk-stage"]').click();
    // The list reloads behind the dialog (the count arriving): chooseOption clicks again if the menu stays open.
    await chooseOption(page, '[data-bulk-stage]', /Квалификация/);
    /*
     * 2,000 updates, each its own transaction with its history, in the runtime that shares this
     * process's event loop (the harness's): on a loaded CI machine that outlasts Playwright's 30 s
     * for the click's own acknowledgement, so the two waits that span it are given longer.
     */
    const long = { timeout: 240_000 };
    const first = page.waitForResponse((r) => r.url().includes('/api/records/deal/bulk'), long);
    await page.locator('[data-action="bulk-run"]').click(long);
    expect(await (await first).json()).toMatchObject({ done: BULK_MAX_MATCHING, refused: 0, truncated: true });
    // The outcome says it stopped and offers the rest in place.
    await page.locator('[data-bulk-truncated]').waitFor();
    expect(await page.locator('[data-bulk-done]').textContent()).toBe(`Готово: ${BULK_MAX_MATCHING}`);
    await captureScreen(page, TEST, 'bulk-truncated', 'ru', 'laptop');
    const rest = page.waitForResponse((r) => r.url().includes('/api/records/deal/bulk'), long);
    await page.locator('[data-action="bulk-continue"]').click(long);
    expect(await (await rest).json()).toMatchObject({ done: 1, refused: 0, truncated: false });
    await page.locator('[data-bulk-truncated]').waitFor({ state: 'detached' });
    await expect(page.locator('[data-action="bulk-continue"]').count()).resolves.toBe(0);
    // The outcome tells the whole action: every one of the deals, not the last request's one.
    await expect.poll(() => page.locator('[data-bulk-done]').textContent()).toBe(`Все выбранные записи изменены (${deals}).`);
    const qualified = await harness.runtime.request<{ total: number }>('GET', `/api/records/deal?count=true&limit=1&filter=${encodeURIComponent('{"field":"stage","op":"eq","value":"qualified"}')}`, { token });
    expect(qualified.body.total).toBe(deals);
    await page.context().close();
  }, 600_000);

  for (const [lang, size] of [
    ['en', 'laptop'],
    ['ru', 'phone'],
    ['en', 'phone'],
  ] as const) {
    itScreens(`shows the list, search and bell in ${lang} on a ${size}`, async () => {
      const page = await openDeals(lang, size);
      await captureScreen(page, TEST, 'list', lang, size);
      await checkNavigation(page, lang, size);
      await page.locator('[data-action="list-columns"]').click();
      await page.locator('[data-columns-dialog]').waitFor();
      await captureScreen(page, TEST, 'columns', lang, size);
      await page.keyboard.press('Escape');
      await page.locator('[data-columns-dialog]').waitFor({ state: 'detached' });
      await page.locator('[data-action="list-filter"]').click();
      await page.locator('[data-list-filter] [data-add-clause]').click();
      // A clause without its value is not sent: the editor names the problem, Apply waits.
      await expect(page.locator('[data-action="apply-filter"]').isDisabled()).resolves.toBe(true);
      await captureScreen(page, TEST, 'filter', lang, size);
      await page.keyboard.press('Escape');
      await page.locator('[data-list-filter]').waitFor({ state: 'detached' });
      await page.locator('[data-global-search] input').fill('Ромашка');
      await page.locator('[data-search-hit]').first().waitFor();
      await captureScreen(page, TEST, 'search', lang, size);
      await page.keyboard.press('Escape');
      await page.locator('[data-action="open-bell"]').click();
      await page.locator('[data-bell-panel]').waitFor();
      await captureScreen(page, TEST, 'bell', lang, size);
      await page.context().close();
    });
  }
});
