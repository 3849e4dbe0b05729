import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, casesOfThisRun, chooseOption, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Issue 15, web forms, in Chromium on the b2b-sales app: an analyst adds a web form for contacts in
 * the builder (the fields the entity requires come ticked, email and phone too, with a consent),
 * ticks one more field, sees the public address and the snippet, publishes; a visitor opens the
 * public address, fills the form in, ticks the consent, sends it and reads the thank-you; the
 * contact exists. Screenshots ru/en x laptop/phone of the builder screen and the public page.
 */

interface DraftApp {
  webForms?: Array<{ name: string; entity: string; fields: Array<{ field: string }>; consent?: unknown }>;
}

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('web forms', () => {
  it('builds a form, publishes it, and a visitor’s submission creates the contact', async () => {
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/web-forms');
    await page.locator('#new-web-form-label').fill('Заявка с сайта');
    await chooseOption(page, '[data-input="new-web-form-entity"]', /^Контакт$/);
    await page.locator('[data-action="add-web-form"]').click();
    await page.waitForURL(/\/builder\/web-forms\/[a-z_0-9]+$/);
    for (const field of ['first_name', 'last_name', 'email', 'phone']) expect(await page.locator(`[data-field="${field}"]`).isChecked()).toBe(true);
    // An empty label box shows, greyed, the field's own name that the page would use instead.
    expect(await page.locator('[data-input="wf-field-first_name-ru"]').getAttribute('placeholder')).toBe('Имя');
    expect(await page.locator('[data-input="wf-field-first_name-en"]').getAttribute('placeholder')).toBe('First name');
    await page.locator('[data-field="position"]').check();
    await page.locator('[data-input="wf-field-position-ru"]').fill('Ваша должность');
    await page.locator('[data-input="wf-field-position-ru"]').press('Tab');
    await expect.poll(() => page.locator('[data-save-state]').first().textContent(), { timeout: 15_000 }).toMatch(/Черновик сохранён|Draft saved/);
    expect(await page.locator('[data-web-form-problems]').count()).toBe(0);
    const url = await page.locator('[data-output="web-form-url"]').inputValue();
    expect(url).toMatch(/\/f\/[a-z_0-9]+$/);
    expect(await page.locator('[data-output="web-form-snippet"]').inputValue()).toBe(`<script src="${url}/embed.js" async></script>`);

    const draft = await harness.runtime.request<DraftApp>('GET', '/api/definitions/draft');
    // After b2b-sales' own site_request form.
    const built = draft.body.webForms?.at(-1);
    expect(built?.fields.map((f) => f.field)).toEqual(['first_name', 'last_name', 'position', 'email', 'phone']);
    expect(built?.consent).toBeDefined();
    expect((await harness.runtime.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
    await close();
    const name = built?.name ?? '';

    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const shown = await openSignedIn(harness, lang, size, `/builder/web-forms/${name}`);
      await shown.page.locator('[data-output="web-form-url"]').waitFor();
      await captureScreen(shown.page, 'web-forms', 'builder', lang, size);
      await shown.page.goto(`/f/${name}?lang=${lang}&utm_source=site`);
      await shown.page.locator('form.wf-form').waitFor();
      await captureScreen(shown.page, 'web-forms', 'public-form', lang, size);
      await shown.close();
    }

    // A visitor: no session, the page's own CSP in force.
    const { context, page: visitor } = await harness.newPage('ru', 'phone');
    await visitor.goto(`/f/${name}?utm_source=yandex&utm_campaign=spring`);
    await visitor.getByLabel('Ваша должность').fill('Директор');
    await visitor.locator('#wf-first_name').fill('Мария');
    await visitor.locator('#wf-last_name').fill('Соколова');
    await visitor.locator('#wf-email').fill('maria.sokolova@example.com');
    await visitor.locator('#wf-phone').fill('8 (912) 000-11-22');
    await visitor.locator('#wf-consent').check();
    await visitor.locator('.wf-submit').click();
    await visitor.locator('.wf-done').waitFor();
    expect(await visitor.locator('.wf-done').textContent()).toContain('Спасибо');
    await context.close();

    const filter = encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: 'maria.sokolova@example.com' }));
    const found = await harness.runtime.request<{ data: Array<Record<string, unknown>> }>('GET', `/api/records/contact?filter=${filter}`);
    expect(found.body.data).toEqual([expect.objectContaining({ first_name: 'Мария', last_name: 'Соколова', position: 'Директор', phone: '+79120001122' })]);

    const thanks = await harness.newPage('en', 'laptop');
    await thanks.page.goto(`/f/${name}?lang=en`);
    await thanks.page.locator('#wf-first_name').fill('John');
    await thanks.page.locator('#wf-last_name').fill('Smith');
    await thanks.page.locator('#wf-email').fill('john.smith@example.com');
    await thanks.page.locator('#wf-consent').check();
    await thanks.page.locator('.wf-submit').click();
    await thanks.page.locator('.wf-done').waitFor();
    await captureScreen(thanks.page, 'web-forms', 'thank-you', 'en', 'laptop');
    await thanks.context.close();
  }, 420_000);
});
