import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, COMBOS, itScreens, openAs, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * The dashboard (/dashboard) of the b2b-sales template's definition, as a sales rep and as the head
 * of sales on its demo data: each sees the figures of the deals they may read (the rep's are their
 * own, the head's the whole team's), and the numbers on screen are the reports API's for that
 * person. ECharts draws on a canvas under the workspace's Content-Security-Policy (no
 * 'unsafe-eval'). Screenshots in both languages at both sizes.
 */

const PASSWORD = 'dashboard-demo-password-1';
const REP = 'dmitry.petrov@example.com';
const HEAD = 'olga.smirnova@example.com';

interface Aggregate {
  totals: Record<string, number | string | null>;
}

const OPEN = JSON.stringify({ field: 'stage', op: 'nin', value: ['won', 'lost'] });

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

/** The open deals the person may read, as the reports API counts them (the "Deals in progress" figure). */
async function openDealsOf(email: string): Promise<number> {
  const login = await harness.runtime.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PASSWORD }, token: null });
  const path = `/api/reports/deal/aggregate?${new URLSearchParams({ metrics: 'count', filter: OPEN }).toString()}`;
  return Number((await harness.runtime.request<Aggregate>('GET', path, { token: login.body.token })).body.totals['count']);
}

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  await setPassword(REP);
  await setPassword(HEAD);
  await seedWonDeals();
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

async function openDashboard(email: string, lang: Lang, size: Size): Promise<{ page: Page; problems: string[] }> {
  const problems: string[] = [];
  const { page } = await openAs(harness, { email, password: PASSWORD }, lang, size, '/dashboard', {
    prepare: (opened) => {
      opened.on('pageerror', (error) => problems.push(error.message));
      opened.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
    },
  });
  const button = page.locator(`[data-region="top-bar"] [data-locale="${lang}"][aria-pressed="true"]`);
  // Whatever the page reported is the first clue when the shell never appears (a CSP refusal, say).
  await button.waitFor().catch((error: unknown) => {
    throw new Error(`${String(error)}\npage problems: ${problems.join('\n') || 'none'}`);
  });
  await page.locator('[data-widget="funnel"] canvas').first().waitFor();
  await page.locator('[data-widget="won_by_owner"] table[data-figures], [data-widget="won_by_owner"] [data-empty]').first().waitFor({ state: 'attached' });
  await page.locator('[data-widget="my_open_tasks"] table, [data-widget="my_open_tasks"] [data-empty]').first().waitFor();
  // The charts animate in; screenshots are taken once they have settled.
  await page.waitForTimeout(1200);
  return { page, problems };
}

async function figure(page: Page, widget: string): Promise<number> {
  const text = await page.locator(`[data-widget="${widget}"] [data-figure]`).innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

describe('home dashboard', () => {
  it('a sales rep sees their own figures and the head of sales the team’s, as the reports API counts them for each', async () => {
    const [repOpen, headOpen] = [await openDealsOf(REP), await openDealsOf(HEAD)];
    expect(headOpen).toBeGreaterThan(repOpen);

    const rep = await openDashboard(REP, 'ru', 'laptop');
    expect(await figure(rep.page, 'open_deals')).toBe(repOpen);
    // The rep's won-by-owner chart names nobody but the rep.
    const owners = await rep.page.locator('[data-widget="won_by_owner"] table[data-figures] tbody tr td:first-child').allInnerTexts();
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((name) => name === 'Дмитрий Петров')).toBe(true);
    // Every widget of the template's dashboard is on screen, each with its own title.
    expect(await rep.page.locator('[data-widget]').count()).toBe(9);
    await rep.page.context().close();

    const head = await openDashboard(HEAD, 'ru', 'laptop');
    expect(await figure(head.page, 'open_deals')).toBe(headOpen);
    const headOwners = await head.page.locator('[data-widget="won_by_owner"] table[data-figures] tbody tr td:first-child').allInnerTexts();
    expect(new Set(headOwners).size).toBeGreaterThan(1);
    await head.page.context().close();
  }, 180_000);

  it('draws the charts under the workspace Content-Security-Policy, with every chart’s figures as a table', async () => {
    const { page, problems } = await openDashboard(HEAD, 'en', 'laptop');
    for (const widget of ['funnel', 'won_by_month', 'won_by_owner', 'open_by_stage']) {
      const cell = page.locator(`[data-widget="${widget}"] canvas, [data-widget="${widget}"] [data-empty]`).first();
      await expect.poll(() => cell.count()).toBe(1);
    }
    const captions = await page.locator('table[data-figures] caption').allInnerTexts();
    expect(captions).toContain('Sales funnel');
    expect(problems.filter((p) => /Content Security Policy|unsafe-eval|EvalError/i.test(p))).toEqual([]);
    await page.context().close();
  }, 120_000);

  itScreens('screens in both languages at both sizes', async () => {
    for (const [lang, size] of COMBOS) {
      const { page } = await openDashboard(lang === 'ru' ? REP : HEAD, lang, size);
      await captureScreen(page, 'workspace-dashboard', 'dashboard', lang, size);
      await page.context().close();
    }
  }, 300_000);
});
