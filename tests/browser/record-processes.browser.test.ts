import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, casesOfThisRun, COMBOS, openAs, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * "Run a process" on a record's page, in Chromium on the b2b-sales app: the template's sales rep
 * opens her deal and is offered the manual process her role may start (not the one for managers);
 * starting it on a 60 000 deal qualifies it (the process writes the description, which the page
 * shows once the run is done); on an 8 000 deal the process ends as failed and the page says why,
 * in the End step's own words.
 * Then from her list: two ticked deals, one start, a run on each; and a start on a big and a small
 * deal that the notice follows to the end: one done, one failed, the failed deal linked. Screens
 * ru/en x laptop/phone of the done run, of the list's start and of the followed outcome. A run
 * waiting for her approval says so on the deal's timeline, with the deadline; the deal's process
 * tasks show her the approval, and she decides it there.
 */

const MARIA = { email: 'maria.sokolova@example.com', password: 'maria-sokolova-password-1' };
const TEST = 'record-processes';
let harness: BrowserHarness;
const deals = { big: '', small: '', listA: '', listB: '' };

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const rt = harness.runtime;
  const people = await rt.request<{ data: Array<{ id: string; email?: string | null }> }>('GET', '/api/users?limit=500');
  const maria = people.body.data.find((p) => p.email === MARIA.email);
  expect(maria, 'the b2b-sales template installs maria.sokolova').toBeDefined();
  expect((await rt.request('PATCH', `/api/users/${maria?.id ?? ''}`, { body: { password: MARIA.password } })).status).toBe(200);

  const draft = await rt.request<{ processes?: unknown[] }>('GET', '/api/definitions/draft');
  const app = draft.body;
  // The test's own "Qualify the deal" (by amount) stands in for the template's (by company), and
  // is her only manual process here (start-form.browser.test.ts has "Ask a colleague").
  app.processes = [
    ...(app.processes ?? []).filter((p) => typeof p !== 'object' || p === null || !('name' in p) || (p.name !== 'qualify_deal' && p.name !== 'ask_colleague')),
    {
      name: 'qualify_deal',
      label: { en: 'Qualify the deal', ru: 'Квалифицировать сделку' },
      trigger: { type: 'manual', entity: 'deal', startRoles: ['sales_rep', 'senior_manager'] },
      nodes: [
        { id: 'big_enough', type: 'condition', position: { x: 200, y: 0 }, config: { condition: { field: 'amount', op: 'gte', value: 50000 } } },
        { id: 'mark', type: 'update_record', position: { x: 400, y: 0 }, config: { values: { description: 'Квалифицирована: бюджет подтверждён' } } },
        { id: 'too_small', type: 'end', position: { x: 400, y: 150 }, config: { status: 'failed', message: { en: 'The amount is below 50 000', ru: 'Сумма меньше 50 000' } } },
        { id: 'done', type: 'end', position: { x: 600, y: 0 }, config: {} },
      ],
      edges: [
        { from: 'trigger', to: 'big_enough' },
        { from: 'big_enough', to: 'mark', handle: 'true' },
        { from: 'big_enough', to: 'too_small', handle: 'false' },
        { from: 'mark', to: 'done' },
      ],
    },
    // Started by the head of sales (not Maria): it waits for Maria's approval, which her timeline names.
    {
      name: 'sign_off',
      label: { en: 'Sign-off', ru: 'Подпись' },
      trigger: { type: 'manual', entity: 'deal', startRoles: ['head_of_sales'] },
      nodes: [
        { id: 'ask', type: 'approval', position: { x: 200, y: 0 }, config: { title: 'Подписать {{record.title}}', approvers: [maria?.id], timeout: 'P1D' } },
        { id: 'done', type: 'end', position: { x: 400, y: 0 }, config: {} },
      ],
      edges: [
        { from: 'trigger', to: 'ask' },
        { from: 'ask', to: 'done', handle: 'approved' },
        { from: 'ask', to: 'done', handle: 'rejected' },
      ],
    },
    {
      name: 'managers_review',
      label: { en: 'Managers’ review', ru: 'Разбор у руководителя' },
      trigger: { type: 'manual', entity: 'deal', startRoles: ['head_of_sales'] },
      nodes: [{ id: 'done', type: 'end', position: { x: 200, y: 0 }, config: {} }],
      edges: [{ from: 'trigger', to: 'done' }],
    },
  ];
  const saved = await rt.request('PUT', '/api/definitions/draft', { body: app });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const published = await rt.request('POST', '/api/definitions/publish', { body: {} });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  const seeded = [
    ['big', 'Склад «Запад»: стеллажи', 60000],
    ['small', 'Склад «Запад»: этикетки', 8000],
    ['listA', 'Офис «Север»: мебель', 70000],
    ['listB', 'Офис «Север»: ремонт', 90000],
  ] as const;
  for (const [key, title, amount] of seeded) {
    const created = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount, owner: maria?.id } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    deals[key] = created.body.id;
  }
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('run a process on a record', () => {
  it('offers the rep the process her role may start; it runs, and the page shows what it changed', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      // Each visit starts from a deal the process has not yet described.
      expect((await harness.runtime.request('PATCH', `/api/records/deal/${deals.big}`, { body: { description: null } })).status).toBe(200);
      const { page, close } = await openAs(harness, MARIA, lang, size, `/records/deal/${deals.big}`);
      const menu = page.locator('[data-record-processes]');
      await menu.waitFor();
      await menu.locator('[data-action="run-process"]').click();
      expect(await menu.locator('[data-start-process]').evaluateAll((items) => items.map((item) => item.getAttribute('data-start-process')))).toEqual(['qualify_deal']);
      await menu.locator('[data-start-process="qualify_deal"]').click();
      const outcome = page.locator('[data-process-outcome="completed"]');
      await outcome.waitFor({ timeout: 20_000 });
      expect(await outcome.textContent()).toContain(lang === 'ru' ? 'Процесс «Квалифицировать сделку» выполнен.' : 'The process “Qualify the deal” is done.');
      // The page read the record again: the description the process wrote is on it.
      await expect.poll(() => page.locator('[data-record-page]').textContent(), { timeout: 10_000 }).toContain('Квалифицирована: бюджет подтверждён');
      await captureScreen(page, TEST, 'process-done', lang, size);
      await close();
    }
  }, 300_000);

  it('says so when the process ends as failed', async () => {
    const { page, close } = await openAs(harness, MARIA, 'ru', 'laptop', `/records/deal/${deals.small}`);
    const menu = page.locator('[data-record-processes]');
    await menu.locator('[data-action="run-process"]').click();
    await menu.locator('[data-start-process="qualify_deal"]').click();
    const outcome = page.locator('[data-process-outcome="failed"]');
    await outcome.waitFor({ timeout: 20_000 });
    // The End step's own words (plain text), which the rep may read though she may not read the run's payloads.
    expect(await outcome.textContent()).toBe('Процесс «Квалифицировать сделку» завершился ошибкой: Сумма меньше 50 000');
    expect(await page.locator('[data-record-page]').textContent()).not.toContain('Квалифицирована');
    await captureScreen(page, TEST, 'process-failed', 'ru', 'laptop');
    await close();
  }, 120_000);

  it('runs a process on the ticked records of a list, one run each', async () => {
    const openWithTicks = async (lang: 'ru' | 'en', size: 'laptop' | 'phone') => {
      const opened = await openAs(harness, MARIA, lang, size, '/lists/deal');
      for (const title of ['Офис «Север»: мебель', 'Офис «Север»: ремонт']) await opened.page.locator('[data-select-row]').and(opened.page.locator(`[aria-label*="${title}"]`)).check();
      await expect.poll(() => opened.page.locator('[data-bulk-bar]').textContent()).toContain(lang === 'ru' ? 'Выбраны 2 записи' : '2 records selected');
      await opened.page.locator('[data-action="bulk-process"]').click();
      const dialog = opened.page.getByRole('dialog');
      await dialog.waitFor();
      // The only process she may start is chosen already.
      expect(await dialog.textContent()).toContain(lang === 'ru' ? 'Квалифицировать сделку' : 'Qualify the deal');
      expect(await dialog.textContent()).toContain(lang === 'ru' ? 'для каждой выбранной записи (2)' : 'on each selected record (2)');
      await captureScreen(opened.page, TEST, 'list-start-dialog', lang, size);
      return { ...opened, dialog };
    };
    for (const [lang, size] of casesOfThisRun(COMBOS).slice(1)) await (await openWithTicks(lang, size)).close();
    const { page, close, dialog } = await openWithTicks('ru', 'laptop');
    await dialog.locator('[data-action="bulk-process-start"]').click();
    const outcome = page.locator('[data-bulk-process-outcome]');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('Процесс «Квалифицировать сделку» запущен для 2 записей.');
    const describedAs = async (id: string) => (await harness.runtime.request<{ description: string | null }>('GET', `/api/records/deal/${id}`)).body.description;
    for (const id of [deals.listA, deals.listB]) await expect.poll(() => describedAs(id), { timeout: 20_000 }).toBe('Квалифицирована: бюджет подтверждён');
    // The deal not ticked got no run.
    expect(await describedAs(deals.small)).toBeNull();
    await captureScreen(page, TEST, 'list-started', 'ru', 'laptop');
    await close();
  }, 120_000);

  it('follows a bulk start to the end: how many went through, how many failed, and which deals failed', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, MARIA, lang, size, '/lists/deal');
      for (const title of ['Офис «Север»: мебель', 'Склад «Запад»: этикетки']) await page.locator('[data-select-row]').and(page.locator(`[aria-label*="${title}"]`)).check();
      await page.locator('[data-action="bulk-process"]').click();
      await page.getByRole('dialog').locator('[data-action="bulk-process-start"]').click();
      const outcome = page.locator('[data-bulk-process-outcome]');
      // The notice keeps asking until both runs have stopped: the big deal qualified, the small one refused.
      await expect.poll(async () => outcome.locator('[data-progress]').evaluateAll((parts) => parts.map((p) => p.getAttribute('data-progress'))), { timeout: 30_000 }).toEqual(['completed', 'failed']);
      expect(await outcome.locator('[data-progress]').allInnerTexts()).toEqual(lang === 'ru' ? ['Выполнено: 1', 'С ошибкой: 1'] : ['Completed: 1', 'Failed: 1']);
      const failed = outcome.locator('[data-failed-record]');
      expect(await failed.textContent()).toBe('Склад «Запад»: этикетки');
      expect(await failed.getAttribute('href')).toBe(`/records/deal/${deals.small}`);
      await captureScreen(page, TEST, 'list-followed', lang, size);
      await close();
    }
  }, 240_000);

  it('says on the timeline whose approval a waiting run waits for, and by when', async () => {
    const started = await harness.runtime.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/sign_off/start', { body: { recordId: deals.listB } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.data[0]?.runId ?? '';
    await expect.poll(async () => (await harness.runtime.request<{ status: string }>('GET', `/api/runs/${runId}`)).body.status, { timeout: 20_000 }).toBe('waiting');
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, MARIA, lang, size, `/records/deal/${deals.listB}`);
      const line = page.locator('[data-run-waiting]').first();
      await line.waitFor({ timeout: 20_000 });
      expect(await line.textContent()).toMatch(lang === 'ru' ? /^Ждёт согласования: Мария Соколова \(до \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}\)$/ : /^Waiting for approval by Мария Соколова \(due .+\)$/);
      await line.scrollIntoViewIfNeeded();
      await captureScreen(page, TEST, 'run-waiting', lang, size);
      await close();
    }
  }, 180_000);

  it('shows the approval among the deal’s process tasks, and lets Maria decide it there with a comment', async () => {
    const tasksCard = (page: Awaited<ReturnType<typeof openAs>>['page']) => page.locator('[data-record-process-tasks]');
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, MARIA, lang, size, `/records/deal/${deals.listB}`);
      const mine = tasksCard(page).locator('[data-task-kind="approval"]');
      await mine.waitFor({ timeout: 20_000 });
      expect(await mine.locator('h3').textContent()).toBe('Подписать Офис «Север»: ремонт');
      expect(await tasksCard(page).locator('h4').first().textContent()).toBe(lang === 'ru' ? 'Ждёт вашего решения' : 'Waiting for your decision');
      // At the top of the page, a way down to it (on a phone the card is below every field).
      const notice = page.locator('[data-my-decisions]');
      expect(await notice.textContent()).toBe(lang === 'ru' ? '1 задача процесса ждёт вашего решения ↓' : '1 process task waits for your decision ↓');
      await captureScreen(page, TEST, 'record-approval-notice', lang, size);
      // The deal's own lists are offered; the leads list is not: only the conversion links a lead to a deal.
      expect(await page.locator('[data-related="deal_line"]').count()).toBe(1);
      expect(await page.locator('[data-related="lead"]').count()).toBe(0);
      await notice.click();
      await expect.poll(() => mine.locator('textarea').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await captureScreen(page, TEST, 'record-approval', lang, size);
      await close();
    }
    const { page, close } = await openAs(harness, MARIA, 'ru', 'laptop', `/records/deal/${deals.listB}`);
    const mine = tasksCard(page).locator('[data-task-kind="approval"]');
    await mine.waitFor({ timeout: 20_000 });
    await mine.locator('textarea').fill('Подписываю, условия согласованы');
    await mine.locator('[data-action="approve"]').click();
    const decided = tasksCard(page).locator('[data-task-status="completed"]');
    await decided.waitFor({ timeout: 20_000 });
    expect(await decided.locator('[data-outcome]').textContent()).toBe('Согласовано');
    expect(await decided.textContent()).toContain('Подписываю, условия согласованы');
    expect(await decided.textContent()).toContain('Мария Соколова');
    // Nothing is left for her to decide, and the run goes on: the timeline stops saying it waits.
    expect(await tasksCard(page).locator('[data-task-kind]').count()).toBe(0);
    expect(await page.locator('[data-my-decisions]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-run-waiting]').count(), { timeout: 20_000 }).toBe(0);
    await tasksCard(page).scrollIntoViewIfNeeded();
    await captureScreen(page, TEST, 'record-approval-decided', 'ru', 'laptop');
    await close();
  }, 180_000);
});
