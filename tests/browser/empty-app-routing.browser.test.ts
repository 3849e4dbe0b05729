import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, captureScreen, signIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Issue 12 item 16 end to end, as a new analyst would, from an EMPTY app: the entity "Сделка" with
 * an amount and a pipeline, two roles (sales rep: own deals; senior manager: all deals), the
 * process "amount > 100 000 -> assign to a senior manager" drawn from the palette; publishing it
 * half-drawn is refused with the message on the condition; the open branch closed, a test run of
 * the DRAFT on a 150 000 sample paints the path; published through the dialog; then a sales rep,
 * through the API, creates a deal of 150 000 and sees it routed (to the senior manager, out of the
 * rep's own deals), while a small one stays with the rep. The UI actions of the routing process
 * are counted from the processes list and printed.
 */

let harness: BrowserHarness;
const PASSWORD = 'Route-the-big-deals-42';

beforeAll(async () => {
  harness = await startBrowserHarness('');
});

afterAll(async () => {
  await harness?.close();
});

async function saved(page: Page): Promise<void> {
  await page.locator('[data-save-state="saved"]').first().waitFor({ timeout: 15_000 });
}

async function createRole(page: Page, ru: string, en: string): Promise<void> {
  await page.locator('[data-action="new-role"]').click();
  await page.locator('#new-role-label').fill(ru);
  await page.locator('#new-role-label-en').fill(en);
  await page.locator('form[data-form="new-role"] button[type="submit"]').click();
}

async function openPublish(page: Page): Promise<ReturnType<Page['locator']>> {
  await page.locator('[data-action="open-publish"]').first().click();
  return page.locator('[data-dialog="publish"]');
}

async function routedOwner(id: string): Promise<unknown> {
  const read = await harness.runtime.request<{ owner?: unknown }>('GET', `/api/records/deal/${id}`);
  return read.body.owner;
}

describe('from an empty app to a routed deal', () => {
  it('entity, pipeline, two roles, the routing process drawn, refused half-drawn, test-run on the draft, published, and a rep\'s big deal routed', async () => {
    const { context, page } = await harness.newPage('ru', 'laptop');
    try {
      await page.goto('/sign-in');
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/builder');

      // The entity: Сделка with a money field, renamed to the machine name `amount`.
      await page.locator('[data-empty="app"] a', { hasText: 'Создать первую сущность' }).click();
      await page.locator('#new-entity-label').fill('Сделка');
      await page.locator('#new-entity-label-en').fill('Deal');
      await page.locator('form[aria-label="Новая сущность"] button[type="submit"]').click();
      await page.waitForURL(/\/builder\/entities\/deal/);
      await page.locator('#add-field-label').fill('Сумма');
      await page.locator('#add-field-type').selectOption('money');
      await page.locator('form[aria-label] button[type="submit"]', { hasText: 'Добавить поле' }).click();
      await page.locator('[data-panel-field="summa"]').waitFor();
      await page.locator('#field-name').fill('amount');
      await page.locator('#field-name').press('Enter');
      await page.locator('[data-panel-field="amount"]').waitFor();

      // The pipeline, on a new "Stage" field of the deal.
      await page.goto('/builder/pipelines');
      await page.locator('[data-action="new-pipeline"]').click();
      await page.locator('#new-pipeline-label-ru').fill('Продажи');
      await page.locator('#new-pipeline-label-en').fill('Sales');
      await page.locator('form[data-form="new-pipeline"] button[type="submit"]').click();
      await page.waitForURL(/\/builder\/pipelines\/\w+/);
      await page.locator('[data-strip="stages"] > li').first().waitFor();

      // Two roles: the rep sees own deals (the default preset); the senior manager all of them.
      await page.goto('/builder/roles');
      await createRole(page, 'Менеджер по продажам', 'Sales rep');
      await page.waitForURL(/role=sales_rep/);
      expect(await page.locator('[data-scope="deal.read"]').inputValue()).toBe('own');
      await createRole(page, 'Старший менеджер', 'Senior manager');
      await page.waitForURL(/role=senior_manager/);
      await page.locator('[data-scope="deal.read"]').selectOption('all');
      await page.locator('[data-scope="deal.update"]').selectOption('all');
      await saved(page);
      await captureScreen(page, 'empty-app-routing', 'roles', 'ru', 'laptop');

      // The routing process, counted from the processes list.
      await page.goto('/builder/processes');
      let actions = 0;
      const act = async (step: Promise<unknown>): Promise<void> => {
        await step;
        actions += 1;
      };
      await act(page.locator('[data-action="new-process"]').click());
      await act(page.locator('#process-label').fill('Крупные сделки'));
      // One entity in the app: the dialog has chosen it.
      expect(await page.locator('#process-entity').inputValue()).toBe('deal');
      await act(page.locator('[data-action="create-process"]').click());
      await page.waitForURL(/\/builder\/processes\/\w+/);
      await page.locator('[data-node-id="trigger"]').waitFor();
      await act(page.locator('[data-palette-type="condition"]').click());
      const condition = page.locator('[data-node-id="condition_1"]');
      await condition.waitFor();
      const threshold = page.locator('[data-property-panel] [data-schema-field="condition"] [data-condition-clause] input').last();
      await act(threshold.fill('100000'));
      await threshold.press('Tab');
      await expect.poll(() => condition.textContent()).toContain('Сумма больше 100\u00a0000');
      await act(page.locator('[data-palette-type="assign"]').click());
      const assign = page.locator('[data-node-id="assign_1"]');
      await assign.waitFor();
      await act(page.locator('[data-property-panel] [data-schema-field="role"] .n-base-selection').first().click());
      await act(page.locator('.n-base-select-option', { hasText: 'Старший менеджер' }).first().click());
      await expect.poll(() => assign.textContent()).toContain('Старший менеджер');
      await saved(page);

      // Half-drawn (the "no" branch leads nowhere): publishing is refused, and the problem leads to the condition.
      const dialog = await openPublish(page);
      await dialog.locator('[data-phase="problems"]').waitFor({ timeout: 20_000 });
      const problem = dialog.locator('[data-list="problems"] a', { hasText: /Крупные сделки|condition_1|Условие/ }).first();
      await captureScreen(page, 'empty-app-routing', 'publish-refused', 'ru', 'laptop');
      await problem.click();
      await expect.poll(() => condition.locator('[data-badge]').getAttribute('data-badge')).toBe('error');
      await expect.poll(() => condition.getAttribute('class')).toMatch(/selected/);

      // Closing the branch from the Problems panel: the end step goes on the open "no".
      await page.locator('[data-action="problems"]').click();
      await act(page.locator('[data-problems-panel] [data-problem="UNCONNECTED_HANDLE"]').first().click());
      await act(page.locator('[data-palette-type="end"]').click());
      await page.locator('[data-node-id="end_1"]').waitFor();
      await expect.poll(() => condition.locator('[data-badge]').count()).toBe(0);

      // The test run works on the draft: nothing is published yet.
      await act(page.locator('[data-action="test-run"]').click());
      await act(page.locator('#sample-amount').fill('150000'));
      await act(page.locator('[data-action="run-test"]').click());
      await page.locator('[data-test-run-result]').waitFor();
      await expect.poll(() => condition.getAttribute('data-paint')).toBe('taken');
      expect(await assign.getAttribute('data-paint')).toBe('taken');
      expect(await page.locator('[data-node-id="end_1"]').getAttribute('data-paint')).toBe('skipped');
      await captureScreen(page, 'empty-app-routing', 'test-run', 'ru', 'laptop');
      console.log(`empty app -> routing process: ${actions} UI actions from the processes list to a test-run process`);
      expect(actions).toBeLessThanOrEqual(15);
      expect((await harness.runtime.request('GET', '/api/definitions/live')).status).toBe(404);

      // Publish through the dialog: version 1 creates the table, the roles and the process.
      await page.locator('[data-action="clear-run"]').click();
      await saved(page);
      const ready = await openPublish(page);
      await ready.locator('[data-phase="ready"]').waitFor({ timeout: 20_000 });
      await ready.locator('[data-action="publish"]').click();
      await ready.locator('[data-published]').waitFor({ timeout: 20_000 });
      expect(await ready.locator('[data-published]').textContent()).toContain('Опубликована версия 1');
      await page.locator('[data-action="close-publish"]').click();
    } finally {
      await context.close();
    }

    // People: a rep and a senior manager.
    const users = await Promise.all(
      [
        { email: 'rep@example.com', name: 'Павел Егоров', roles: ['sales_rep'] },
        { email: 'senior@example.com', name: 'Игорь Волков', roles: ['senior_manager'] },
      ].map((user) => harness.runtime.request<{ id: string }>('POST', '/api/users', { body: { ...user, password: PASSWORD } })),
    );
    for (const created of users) expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [rep, senior] = users.map((u) => u.body.id);
    const login = await harness.runtime.request<{ token: string }>('POST', '/api/auth/login', { body: { email: 'rep@example.com', password: PASSWORD }, token: null });
    expect(login.status).toBe(200);
    const token = login.body.token;

    // The rep's big deal goes to the senior manager and out of the rep's own deals; a small one stays.
    const big = await harness.runtime.request<{ id: string; owner: string }>('POST', '/api/records/deal', { body: { title: 'Крупная поставка', amount: 150000 }, token });
    const small = await harness.runtime.request<{ id: string; owner: string }>('POST', '/api/records/deal', { body: { title: 'Мелкий заказ', amount: 5000 }, token });
    expect(big.status, JSON.stringify(big.body)).toBe(201);
    expect(small.status).toBe(201);
    await expect.poll(() => routedOwner(big.body.id), { timeout: 20_000 }).toBe(senior);
    expect(await routedOwner(small.body.id)).toBe(rep);
    const mine = await harness.runtime.request<{ data: Array<{ id: string }> }>('GET', '/api/records/deal', { token });
    expect(mine.body.data.map((d) => d.id)).toEqual([small.body.id]);
    expect((await harness.runtime.request('GET', `/api/records/deal/${big.body.id}`, { token })).status).toBe(404);
  }, 180_000);
});
