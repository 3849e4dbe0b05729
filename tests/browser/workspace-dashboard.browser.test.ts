import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, signIn, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * The home dashboard (/dashboard) as a sales rep and as the head of sales on the b2b-sales demo
 * data: each sees the totals of the deals they may read (the rep's are their own, the head's the
 * whole team's), and the figures on screen are the reports API's for that person. ECharts draws
 * on a canvas under the workspace's Content-Security-Policy (no 'unsafe-eval'). Screenshots in
 * both languages at both sizes.
 */

const PASSWORD = 'dashboard-demo-password-1';
const REP = 'dmitry.petrov@example.com';
const HEAD = 'olga.smirnova@example.com';

interface Funnel {
  totals: { open: { count: number }; won: { count: number } };
}

let harness: BrowserHarness;

async function userId(email: string): Promise<string> {
  const found = await harness.runtime.request<{ data: Array<{ id: string; email: string }> }>('GET', `/api/users?q=${encodeURIComponent(email)}`);
  const user = found.body.data.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

async function setPassword(email: string): Promise<void> {
  const patched = await harness.runtime.request('PATCH', `/api/users/${await userId(email)}`, { body: { password: PASSWORD } });
  expect(patched.status).toBe(200);
}

/** Won deals closed over the last months (the demo data's close in the future), for the rep and two colleagues. */
async function seedWonDeals(): Promise<void> {
  const [rep, igor, anna] = [await userId(REP), await userId('igor.volkov@example.com'), await userId('anna.kuznetsova@example.com')];
  await harness.runtime.db.knex.raw(
    `INSERT INTO rec_deal (owner, created_by, updated_by, title, amount, stage, close_date)
     SELECT (ARRAY[CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid)])[1 + g % 3], CAST(? AS uuid), CAST(? AS uuid), 'Выигранная ' || g,
            (g % 5 + 1) * 150000, 'won', date_trunc('month', CURRENT_DATE)::date - (g % 6) * 31 + 3
     FROM generate_series(1, 18) g`,
    [rep, igor, anna, rep, rep],
  );
}

async function funnelOf(email: string): Promise<Funnel> {
  const login = await harness.runtime.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PASSWORD }, token: null });
  return (await harness.runtime.request<Funnel>('GET', '/api/reports/deal/funnel', { token: login.body.token })).body;
}

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  await setPassword(REP);
  await setPassword(HEAD);
  await seedWonDeals();
});

afterAll(async () => {
  await harness?.close();
});

async function openDashboard(email: string, lang: Lang, size: Size, enforceCsp = false): Promise<{ page: Page; problems: string[] }> {
  const { page } = await harness.newPage(lang, size, { enforceCsp });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto('/dashboard');
  await page.waitForURL(/\/sign-in/);
  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/dashboard/);
  const button = page.locator(`[data-region="top-bar"] [data-locale="${lang}"]`);
  await button.waitFor();
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await page.locator('[data-card="funnel"] canvas').first().waitFor();
  await page.locator('[data-card="won-by-owner"] table[data-figures], [data-card="won-by-owner"] [data-empty]').first().waitFor({ state: 'attached' });
  // The charts animate in; screenshots are taken once they have settled.
  await page.waitForTimeout(1200);
  return { page, problems };
}

async function dealCount(page: Page, total: 'open' | 'won'): Promise<number> {
  const text = (await page.locator(`[data-total="${total}"] dd`).innerText()).replace(/\s/g, ' ');
  const match = /(\d+) (?:сдел|deal)/.exec(text);
  return Number(match?.[1] ?? NaN);
}

describe('home dashboard', () => {
  it('a sales rep sees their own totals and the head of sales the team’s, as the reports API counts them for each', async () => {
    const [repFunnel, headFunnel] = [await funnelOf(REP), await funnelOf(HEAD)];
    expect(headFunnel.totals.open.count).toBeGreaterThan(repFunnel.totals.open.count);

    const rep = await openDashboard(REP, 'ru', 'laptop');
    expect(await dealCount(rep.page, 'open')).toBe(repFunnel.totals.open.count);
    expect(await dealCount(rep.page, 'won')).toBe(repFunnel.totals.won.count);
    // The rep's won-by-owner table names nobody but the rep.
    const owners = await rep.page.locator('[data-card="won-by-owner"] table[data-figures] tbody tr td:first-child').allInnerTexts();
    expect(owners.every((name) => name === 'Дмитрий Петров')).toBe(true);
    await rep.page.context().close();

    const head = await openDashboard(HEAD, 'ru', 'laptop');
    expect(await dealCount(head.page, 'open')).toBe(headFunnel.totals.open.count);
    await head.page.context().close();
  });

  it('draws the charts under the workspace Content-Security-Policy, with every chart’s figures as a table', async () => {
    const { page, problems } = await openDashboard(HEAD, 'en', 'laptop', true);
    for (const card of ['funnel', 'forecast', 'won-by-month']) {
      const cell = page.locator(`[data-card="${card}"] canvas, [data-card="${card}"] [data-empty]`).first();
      await expect.poll(() => cell.count()).toBe(1);
    }
    const captions = await page.locator('table[data-figures] caption').allInnerTexts();
    expect(captions).toContain('Sales funnel');
    expect(problems.filter((p) => /Content Security Policy|unsafe-eval|EvalError/i.test(p))).toEqual([]);
    await page.context().close();
  });

  it('screens in both languages at both sizes', async () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const size of ['laptop', 'phone'] as const) {
        const { page } = await openDashboard(lang === 'ru' ? REP : HEAD, lang, size);
        await captureScreen(page, 'workspace-dashboard', 'dashboard', lang, size);
        await page.context().close();
      }
    }
  });
});
