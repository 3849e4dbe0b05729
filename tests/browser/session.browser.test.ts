import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, captureScreen, casesOfThisRun, COMBOS, signIn, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 12's first screens in Chromium, in both languages at laptop and phone size: a wrong
 * password explained next to the field, sign-in, the builder home and the workspace home showing
 * the b2b-sales app from the API, the language choice remembered across reload and sign-in, and
 * sign-out. Every screen is screenshotted and checked with axe-core.
 */

const TEXT = {
  ru: { signInTitle: 'Вход', wrong: 'Неверная эл. почта или пароль.', builderTitle: 'Обзор приложения', workspaceTitle: 'Рабочее место', signOut: 'Выйти' },
  en: { signInTitle: 'Sign in', wrong: 'The email or password is wrong.', builderTitle: 'App overview', workspaceTitle: 'Workspace', signOut: 'Sign out' },
} as const;

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
});

afterAll(async () => {
  await harness?.close();
});

async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().textContent())?.trim() ?? '';
}

/** Clicks the language in the signed-in top bar (waiting for it: right after sign-in the page is still changing). */
async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  const button = page.locator(`[data-region="top-bar"] [data-locale="${lang}"]`);
  await button.waitFor();
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH');
  await button.click();
  expect((await saved).status()).toBe(200);
}

/**
 * Where the shell's links are: the laptop's top bar, or on a phone the menu the bar's button opens
 * (the sections, the other area and sign out live there).
 */
async function shellMenu(page: Page, size: Size): Promise<string> {
  if (size === 'laptop') return '[data-region="top-bar"]';
  await page.locator('[data-action="open-nav"]').click();
  const menu = page.locator('[data-region="nav-drawer"]');
  await menu.waitFor();
  // Slid all the way in before anything is clicked or captured.
  await expect.poll(async () => (await menu.boundingBox())?.x).toBe(0);
  return '[data-region="nav-drawer"]';
}

/**
 * On a phone the menu's footer (the other area, sign out) stays in sight however many sections
 * there are: only the sections scroll, and the last one can be scrolled to with the footer still
 * below it. Says whether the sections had to scroll.
 */
async function expectMenuFooterInSight(page: Page, menu: string): Promise<boolean> {
  const height = page.viewportSize()?.height ?? 0;
  const signOut = page.locator(`${menu} [data-action="sign-out"]`);
  const bottomOf = async (selector: string): Promise<number> => {
    const box = await page.locator(selector).last().boundingBox();
    return box ? box.y + box.height : Number.POSITIVE_INFINITY;
  };
  expect(await bottomOf(`${menu} [data-action="sign-out"]`)).toBeLessThanOrEqual(height);
  const nav = page.locator(`${menu} nav`);
  const scrolls = await nav.evaluate((el) => el.scrollHeight > el.clientHeight);
  await page.locator(`${menu} nav a`).last().scrollIntoViewIfNeeded();
  const footerTop = (await page.locator(`${menu} .nav-drawer__footer`).boundingBox())?.y ?? 0;
  // Layout in fractions of a pixel: the last link's bottom may be a third of one past the line.
  expect(await bottomOf(`${menu} nav a`)).toBeLessThanOrEqual(footerTop + 1);
  expect(await bottomOf(`${menu} [data-action="sign-out"]`)).toBeLessThanOrEqual(height);
  expect(await signOut.isVisible()).toBe(true);
  return scrolls;
}

/**
 * Follows a section link of the shell menu: in the laptop's row, or under its "More" when the row has
 * no room for it (which links fit depends on the language and the sections there are).
 */
async function followNav(page: Page, menu: string, label: string): Promise<void> {
  const link = page.locator(`${menu} nav a:visible`, { hasText: label });
  const more = page.locator(`${menu} [data-action="nav-more"]:visible`);
  await link.or(more).first().waitFor();
  if (!(await link.isVisible())) await more.click();
  await link.click();
}

describe('session screens', () => {
  it.each(casesOfThisRun(COMBOS))('wrong password, sign in, builder home, workspace home, sign out (%s, %s)', async (lang, size) => {
    const { context, page } = await harness.newPage(lang, size);
    try {
      const text = TEXT[lang];
      await page.goto('/builder');
      await page.waitForURL(/\/sign-in\?next=(%2F|\/)builder$/);
      await expect.poll(() => heading(page)).toBe(text.signInTitle);
      await captureScreen(page, 'session', 'sign-in', lang, size);

      await signIn(page, ADMIN_EMAIL, 'not-the-password');
      const error = page.locator('[data-field-error="password"]');
      await expect.poll(() => error.textContent()).toBe(text.wrong);
      expect(await page.locator('#password').getAttribute('aria-describedby')).toBe('password-error');
      await captureScreen(page, 'session', 'sign-in-wrong-password', lang, size);

      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.waitForURL(/\/builder$/);
      // The admin's saved language (another test may have chosen one) is set to this run's.
      await chooseLanguage(page, lang);
      await expect.poll(() => heading(page)).toBe(text.builderTitle);
      await page.locator('[data-list="entities"] li').first().waitFor();
      const entities = await page.locator('[data-list="entities"]').textContent();
      expect(entities).toContain('deal');
      expect(entities).toContain(lang === 'ru' ? 'Сделка' : 'Deal');
      await captureScreen(page, 'session', 'builder-home', lang, size);

      // The section navigation leads to the section, whose page is titled as the link says.
      let menu = await shellMenu(page, size);
      if (size === 'phone') {
        await captureScreen(page, 'session', 'builder-menu', lang, size);
        await expectMenuFooterInSight(page, menu);
      }
      await followNav(page, menu, lang === 'ru' ? 'Формы и представления' : 'Forms & views');
      await page.waitForURL(/\/builder\/forms-views$/);
      await expect.poll(() => heading(page)).toBe(lang === 'ru' ? 'Формы и представления' : 'Forms & views');
      await captureScreen(page, 'session', 'builder-section', lang, size);
      // The template gallery has its place in the navigation too.
      menu = await shellMenu(page, size);
      await followNav(page, menu, lang === 'ru' ? 'Шаблоны' : 'Templates');
      await page.waitForURL(/\/builder\/templates$/);
      await expect.poll(() => heading(page)).toBe(lang === 'ru' ? 'Шаблоны' : 'Templates');

      await page.goto('/');
      await expect.poll(() => heading(page)).toBe(text.workspaceTitle);
      await page.locator('[data-list="workspace-entities"] li').first().waitFor();
      expect(await page.locator('[data-list="workspace-entities"]').textContent()).toContain(lang === 'ru' ? 'Сделка' : 'Deal');
      await captureScreen(page, 'session', 'workspace-home', lang, size);
      menu = await shellMenu(page, size);
      if (size === 'phone') {
        // The current section is marked for screen readers too, and the menu is captured.
        expect(await page.locator(`${menu} nav a[aria-current="page"]`).textContent()).toContain(lang === 'ru' ? 'Главная' : 'Home');
        await captureScreen(page, 'session', 'workspace-menu', lang, size);
        // An admin's sixteen sections do not fit with the person and the footer: they scroll, the footer stays.
        expect(await expectMenuFooterInSight(page, menu)).toBe(true);
        await captureScreen(page, 'session', 'workspace-menu-scrolled', lang, size);
      }

      await page.locator(`${menu} [data-action="sign-out"]`).click();
      await page.waitForURL(/\/sign-in$/);
      // The session is over on the server too: the API no longer knows this browser.
      expect((await page.request.get('/api/auth/me')).status()).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('remembers English across reload and a new sign-in in another browser', async () => {
    const first = await harness.newPage('ru', 'laptop');
    try {
      await first.page.goto('/sign-in');
      await signIn(first.page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await first.page.waitForURL((url) => url.pathname === '/');
      await chooseLanguage(first.page, 'ru');
      await expect.poll(() => heading(first.page)).toBe(TEXT.ru.workspaceTitle);

      await chooseLanguage(first.page, 'en');
      await expect.poll(() => heading(first.page)).toBe(TEXT.en.workspaceTitle);
      await first.page.reload();
      await expect.poll(() => heading(first.page)).toBe(TEXT.en.workspaceTitle);
      expect(await first.page.locator('html').getAttribute('lang')).toBe('en');
      await first.page.locator('[data-action="sign-out"]').click();
      await first.page.waitForURL(/\/sign-in$/);
    } finally {
      await first.context.close();
    }

    // A browser that asks for Russian: the sign-in page speaks Russian, the user's choice wins after.
    const second = await harness.newPage('ru', 'phone');
    try {
      await second.page.goto('/sign-in');
      await expect.poll(() => heading(second.page)).toBe(TEXT.ru.signInTitle);
      await signIn(second.page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await second.page.waitForURL((url) => url.pathname === '/');
      await expect.poll(() => heading(second.page)).toBe(TEXT.en.workspaceTitle);
      await captureScreen(second.page, 'language', 'workspace-home-remembered', 'en', 'phone');
      await chooseLanguage(second.page, 'ru');
    } finally {
      await second.context.close();
    }
  });

  it('explains the sign-in throttle next to the email field', async () => {
    // A person of our own: an unknown email is checked against a dummy hash at the production cost
    // (so it costs what a real one does), seconds per attempt on a loaded machine.
    const created = await harness.runtime.request('POST', '/api/users', {
      body: { email: 'someone-else@example.com', name: 'Someone Else', password: 'Throttle-Test-Password-2026', roles: [] },
    });
    expect(created.status).toBe(201);
    const { context, page } = await harness.newPage('ru', 'laptop');
    try {
      await page.goto('/sign-in');
      // Five failures lock this account from this address (login-throttle.policy); the sixth is a 429.
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
        await signIn(page, 'someone-else@example.com', `wrong-${attempt}`);
        expect((await answered).status()).toBe(401);
      }
      const throttled = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await signIn(page, 'someone-else@example.com', 'wrong-6');
      expect((await throttled).status()).toBe(429);
      const error = page.locator('[data-field-error="email"]');
      await expect.poll(() => error.textContent()).toMatch(/^Слишком много неудачных попыток входа.*повторите через \d+\sс\.$/);
      await captureScreen(page, 'session', 'sign-in-throttled', 'ru', 'laptop');
    } finally {
      await context.close();
    }
  });

  it('runs under the Content-Security-Policy: no eval, no inline script, nothing refused, on a list and a form too', async () => {
    const { context, page } = await harness.newPage('en', 'laptop');
    const refused: string[] = [];
    // Chromium reports each refusal on the console ("Refused to execute ... Content Security Policy").
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    page.on('pageerror', (error) => refused.push(error.message));
    try {
      const response = await page.goto('/sign-in');
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await expect.poll(() => heading(page)).toBe(TEXT.en.signInTitle);
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/');
      await chooseLanguage(page, 'en');
      const documents: Array<{ path: string; policy: string }> = [];
      page.on('response', (res) => {
        if (res.request().resourceType() === 'document') documents.push({ path: new URL(res.url()).pathname, policy: res.headers()['content-security-policy'] ?? '' });
      });
      await page.goto('/builder');
      await expect.poll(() => heading(page)).toBe(TEXT.en.builderTitle);
      await page.locator('[data-list="entities"] li').first().waitFor();
      // A screen whose draft is validated as the analyst edits: the builder's document may not
      // generate code either (an administrator's session is the one an XSS would want); the
      // validation worker, whose script alone may, answers, and the editor says there are no problems.
      await page.goto('/builder/entities/deal');
      await expect.poll(() => heading(page)).toBe('Deal');
      const builderPolicy = documents.find((d) => d.path === '/builder/entities/deal')?.policy ?? '';
      expect(builderPolicy).toContain("script-src 'self';");
      expect(builderPolicy).not.toContain('unsafe-eval');
      const problemsLink = page.locator('[data-toolbar="draft"] [data-problems][data-checking="false"]');
      await expect.poll(() => problemsLink.textContent()).toMatch(/No problems/);
      // Crossing to the workspace loads a new document under the workspace's policy (no eval).
      await page.getByRole('link', { name: TEXT.en.workspaceTitle, exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await expect.poll(() => heading(page)).toBe(TEXT.en.workspaceTitle);
      const workspace = documents.filter((d) => d.path === '/').pop();
      expect(workspace?.policy).toContain("script-src 'self'");
      expect(workspace?.policy).not.toContain('unsafe-eval');
      // A list and a record form import values from @crm/schemas, whose chunk holds Ajv: loading it
      // must generate no code (the definition's Ajv is built on first use, in the builder only).
      await page.goto('/lists/deal');
      await page.locator('[data-list-table], [data-list-empty]').first().waitFor();
      await page.goto('/records/deal/new');
      await page.locator('[data-record-form]').waitFor();
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sends the person to sign-in when the session ends mid-work', async () => {
    const { context, page } = await harness.newPage('ru', 'laptop');
    try {
      await page.goto('/sign-in?next=%2Fbuilder');
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.waitForURL(/\/builder$/);
      await chooseLanguage(page, 'ru');
      // The cookie goes away (as when the session expires); the page does not know yet. The
      // workspace home asks the API for its sections, gets a 401, and sends the person to sign-in.
      await context.clearCookies();
      await page.locator('[data-region="top-bar"] a', { hasText: 'Рабочее место' }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await expect.poll(() => heading(page)).toBe(TEXT.ru.signInTitle);
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/');
      await expect.poll(() => heading(page)).toBe(TEXT.ru.workspaceTitle);
    } finally {
      await context.close();
    }
  });
});
