import { afterAll, beforeAll } from 'vitest';
import { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime } from '@crm/runtime/testing';

/*
 * The `ui-integration` project's setup (vitest.config.ts), run before each of its files: one real
 * runtime per file on a throwaway database with the b2b-sales template, the page (happy-dom) put at
 * its origin so the UI's api client (relative paths, session cookie, CSRF) talks to it as it does in
 * a browser, and the admin signed in through the login contract. The specs then drive the stores
 * and screens with no stand-ins for our own modules: every answer is the runtime's.
 */

/** The part of happy-dom's page API (window.happyDOM) used here. */
interface HappyDomPage {
  setURL(url: string): void;
  settings: { fetch: { disableSameOriginPolicy: boolean; requestHeaders: Array<{ url?: string | RegExp; headers: Record<string, string> }> | null } };
}

function isHappyDomPage(value: unknown): value is HappyDomPage {
  if (typeof value !== 'object' || value === null || typeof Reflect.get(value, 'setURL') !== 'function') return false;
  const settings: unknown = Reflect.get(value, 'settings');
  return typeof settings === 'object' && settings !== null && typeof Reflect.get(settings, 'fetch') === 'object';
}

function happyDom(): HappyDomPage {
  const page: unknown = Reflect.get(globalThis, 'happyDOM');
  if (!isHappyDomPage(page)) throw new Error('ui-integration specs run in the happy-dom environment');
  return page;
}

let runtime: TestRuntime | null = null;

beforeAll(async () => {
  const page = happyDom();
  // startTestRuntime signs its admin in with the global fetch (happy-dom's here) before the page is
  // at the runtime's origin; from then on every request is same-origin, as in the browser.
  page.settings.fetch.disableSameOriginPolicy = true;
  try {
    runtime = await startTestRuntime(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite', { template: 'b2b-sales', workers: true });
  } finally {
    page.settings.fetch.disableSameOriginPolicy = false;
  }
  page.setURL(`${runtime.baseUrl}/`);
  /*
   * happy-dom keeps an answer with an ETag and no Cache-Control as fresh for good, where a browser
   * asks again (If-None-Match): a list read twice would never see a change. `no-cache` makes it ask.
   */
  page.settings.fetch.requestHeaders = [{ url: /^/, headers: { 'cache-control': 'no-cache' } }];
  // Through the page's own fetch, so the session cookie lands in its cookie jar.
  const login = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: TEST_ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`admin sign-in failed: ${login.status}`);
  // For specs that sign out and back in (builder-ui may not import the runtime's testing module).
  process.env['CRM_UI_TEST_ADMIN_PASSWORD'] = TEST_ADMIN_PASSWORD;
});

afterAll(async () => {
  await runtime?.close();
  runtime = null;
});
