import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, errors, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ensureUiBuild, readUiBuild, startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime, type UiBuildState } from '@crm/runtime/testing';

/*
 * Browser tests: Debian's Chromium (never a downloaded one) driven by playwright-core against a
 * real runtime on a loopback port, serving the built UI exactly as `npm start` does. Each screen
 * is saved as a screenshot (git-ignored) and checked with axe-core: serious and critical
 * violations fail the test. Every page runs under the UI's real Content-Security-Policy, and
 * anything it refuses (an eval, an inline script) in any test fails the file when the harness
 * closes: a feature that only works with the policy bypassed is broken in production.
 */

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;
export type Lang = 'ru' | 'en';
export type Size = 'laptop' | 'phone';
export const SIZES: Record<Size, { width: number; height: number }> = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };
const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface BrowserHarness {
  runtime: TestRuntime;
  browser: Browser;
  /** A fresh browser profile (no cookies) speaking `lang`, at `size`, under the UI's Content-Security-Policy. */
  newPage(lang: Lang, size: Size): Promise<{ context: BrowserContext; page: Page }>;
  /** What the Content-Security-Policy refused so far, on any page or worker of this harness. */
  refusedByPolicy(): string[];
  /** Closes the browser and the runtime; fails when the policy refused anything. */
  close(): Promise<void>;
}

/**
 * The global setup built the UI; in a working tree where someone edits the UI or the schemas
 * meanwhile, the build is stale by now and is rebuilt (twice at most) rather than failing the run.
 */
function freshUiBuild(): UiBuildState {
  let ui = readUiBuild();
  for (let attempt = 0; ui.kind !== 'fresh' && attempt < 2; attempt += 1) {
    ensureUiBuild({ force: false, log: () => undefined });
    ui = readUiBuild();
  }
  if (ui.kind !== 'fresh') throw new Error(ui.message);
  return ui;
}

export async function startBrowserHarness(template = 'b2b-sales'): Promise<BrowserHarness> {
  const ui = freshUiBuild();
  /*
   * The UI runs against one database per run: the embedded one, or PostgreSQL when TEST_DATABASE_URL
   * is set. Running the same screens on PGlite a second time in that run would prove nothing new (the
   * embedded run already did), while PostgreSQL checks them on the database production uses; it also
   * keeps CI's second `npm test` from paying for the browser suite twice on the slower database.
   * Workers run as in `npm start`: processes triggered by the UI's writes advance on their own.
   */
  const kind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
  const runtime = await startTestRuntime(kind, { template, ui, workers: { pollMs: 200 } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const refused: string[] = [];
  return {
    runtime,
    browser,
    async newPage(lang, size) {
      const context = await browser.newContext({
        baseURL: runtime.baseUrl,
        viewport: SIZES[size],
        deviceScaleFactor: 1,
        locale: lang === 'ru' ? 'ru-RU' : 'en-US',
      });
      // Chromium reports each refusal on the console ("Refused to evaluate ... Content Security Policy");
      // code that needed it fails with an EvalError.
      context.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(`${message.page()?.url() ?? 'a worker'}: ${message.text()}`);
      });
      context.on('weberror', (error) => {
        if (/EvalError|unsafe-eval|Content Security Policy/i.test(error.error().message)) refused.push(`${error.page()?.url() ?? 'a worker'}: ${error.error().message}`);
      });
      return { context, page: await context.newPage() };
    },
    refusedByPolicy: () => [...refused],
    async close() {
      await browser.close();
      await runtime.close();
      if (refused.length > 0) throw new Error(`the Content-Security-Policy refused ${refused.length} time(s):\n${refused.slice(0, 10).join('\n')}`);
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

let axeSource: string | null = null;

/**
 * axe-core's serious and critical violations on the page as it is now. axe is evaluated through
 * the DevTools protocol, which the page's policy does not govern (an injected <script> it would
 * refuse, rightly).
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(AXE_SCRIPT, 'utf8');
  if (!(await page.evaluate(() => Reflect.has(globalThis, 'axe')))) await page.evaluate(axeSource);
  const violations: AxeViolation[] = await page.evaluate(async () => {
    // In the page: axe.min.js defined window.axe (the test's tsconfig has no DOM types).
    const axe = Reflect.get(globalThis, 'axe');
    const results = await axe.run(Reflect.get(globalThis, 'document'), { resultTypes: ['violations'] });
    return results.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/*
 * Screens are judged in the embedded run only. With TEST_DATABASE_URL set (CI's second `npm test`)
 * the browser suite runs on PostgreSQL to prove the flows on the production database; what a screen
 * looks like and its accessibility do not depend on the database, and taking every gallery and axe
 * check again there cost CI several minutes of a run that must stay under sixty.
 */
export const SCREENS_IN_THIS_RUN = !process.env.TEST_DATABASE_URL;

/** A test that only shows screens (ru and en, laptop and phone): skipped where screens are not judged. */
export const itScreens = SCREENS_IN_THIS_RUN ? it : it.skip;

/** The screens (test, screen, size) this worker has checked with axe. */
const checkedWithAxe = new Set<string>();

/**
 * Saves the screen as screenshots/<test>/<screen>-<lang>-<size>.png and, the first time the screen
 * is seen at that size, checks it with axe (in the embedded run; see SCREENS_IN_THIS_RUN). Each
 * screen is checked at both sizes, the layouts differing; not again in the second language, whose
 * texts the i18n completeness test already holds to the first's keys (an axe run took 3 to 8 s
 * a screen on a busy machine, and a run has over a hundred screens in two languages).
 */
export async function captureScreen(page: Page, test: string, screen: string, lang: Lang, size: Size): Promise<void> {
  if (!SCREENS_IN_THIS_RUN) return;
  await settleAnimations(page);
  const dir = path.join(SCREENSHOTS, test);
  mkdirSync(dir, { recursive: true });
  await fullPageScreenshot(page, path.join(dir, `${screen}-${lang}-${size}.png`));
  const key = `${test}/${screen}/${size}`;
  if (checkedWithAxe.has(key)) return;
  checkedWithAxe.add(key);
  expect(await seriousA11yViolations(page), `${test}/${screen}-${lang}-${size}`).toEqual([]);
}

/**
 * A full-page screenshot, tried a second time when the first one times out: on a busy two-core CI
 * machine Chromium now and then misses the frame Playwright waits for (seen once in 400 files, a
 * 30 s timeout on a page that was long settled). Any other error fails at once.
 */
async function fullPageScreenshot(page: Page, file: string): Promise<void> {
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 20_000 });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    await page.screenshot({ path: file, fullPage: true, timeout: 20_000, animations: 'disabled' });
  }
}

interface PageAnimation {
  finished: Promise<unknown>;
  effect: { getTiming(): { iterations?: number } } | null;
}

/**
 * Waits (2 s at most) for the page's finite animations to end and one more frame: a screen is
 * judged at rest, not halfway through a transition (a dialog closing with its heading already
 * cleared, a menu fading out). Spinners, which never end, are not waited for.
 */
async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // In the page (the test's tsconfig has no DOM types).
    const doc = Reflect.get(globalThis, 'document') as { getAnimations(): PageAnimation[] };
    const frame = Reflect.get(globalThis, 'requestAnimationFrame') as (callback: () => void) => number;
    const finite = doc.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.race([Promise.allSettled(finite.map((a) => a.finished)), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await new Promise<void>((resolve) => frame(() => frame(() => resolve())));
  });
}

/** Every language and size a screen is judged in. */
export const COMBOS: ReadonlyArray<readonly [Lang, Size]> = [
  ['ru', 'laptop'],
  ['ru', 'phone'],
  ['en', 'laptop'],
  ['en', 'phone'],
];

/**
 * The cases of a test that walks a flow once per language and size, taking screens on the way: all
 * of them where screens are judged; on PostgreSQL only the first, since there the flow is what is
 * proved and it does not change with the language or the viewport (four rounds of it were minutes
 * of CI's second `npm test`).
 */
export function casesOfThisRun<T>(cases: readonly T[]): T[] {
  return SCREENS_IN_THIS_RUN ? [...cases] : cases.slice(0, 1);
}

/**
 * The languages and sizes a gallery loop inside a flow test visits: all four where screens are
 * judged, none on PostgreSQL (the loop only captures screens, which that run does not judge).
 */
export function galleryCombos(): ReadonlyArray<readonly [Lang, Size]> {
  return SCREENS_IN_THIS_RUN ? COMBOS : [];
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form[data-form="sign-in"] button[type="submit"]').click();
}

export interface Credentials {
  email: string;
  password: string;
}

export const ADMIN: Credentials = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };

export interface OpenOptions {
  /** Runs on the page before it first loads (listeners for console errors, say). */
  prepare?: (page: Page) => void;
}

/**
 * A fresh browser profile signed in as `who` with `lang` saved as their language (as the switch
 * does), at `size`, opened at `path`. It signs in through the API, with the profile's own cookie
 * jar: the sign-in screen has tests of its own (session.browser.test.ts), and passing through it
 * cost every other test a full load of the UI and of the home page it lands on.
 */
export async function openAs(
  harness: BrowserHarness,
  who: Credentials,
  lang: Lang,
  size: Size,
  path: string,
  options: OpenOptions = {},
): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const { context, page } = await harness.newPage(lang, size);
  const login = await context.request.post('/api/auth/login', { data: { email: who.email, password: who.password } });
  if (!login.ok()) throw new Error(`signing in as ${who.email} answered ${login.status()}: ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const saved = await context.request.patch('/api/auth/me', { data: { locale: lang }, headers: { 'x-csrf-token': csrfToken } });
  if (!saved.ok()) throw new Error(`saving ${who.email}'s language answered ${saved.status()}: ${await saved.text()}`);
  options.prepare?.(page);
  await page.goto(path);
  return { context, page, close: () => context.close() };
}

/** A fresh profile signed in as the admin, speaking `lang`, at `path`. The builder tests start every screen this way. */
export async function openSignedIn(harness: BrowserHarness, lang: Lang, size: Size, path: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const { page, close } = await openAs(harness, ADMIN, lang, size, path);
  return { page, close };
}

/**
 * Opens the kit's select (naive-ui) under `scope`, picks the option whose text is `option`, and
 * waits until no menu shows. A draft editor's autosave answer re-renders an open menu's options;
 * a click whose press and release land on two renderings of the option is no click at all, and
 * the menu stays open with nothing chosen. The user would click again, and so does this: at most
 * three times, each after the menu had two seconds to close.
 */
export async function chooseOption(page: Page, scope: string, option: RegExp): Promise<void> {
  await page.locator(`${scope} .n-base-selection`).first().click();
  const openMenus = page.locator('.n-base-select-menu:visible');
  for (let attempt = 1; ; attempt += 1) {
    await openMenus.locator('.n-base-select-option', { hasText: option }).first().click();
    try {
      await expect.poll(() => openMenus.count(), { timeout: attempt < 3 ? 2_000 : 10_000 }).toBe(0);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
