import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, captureScreen, casesOfThisRun, chooseOption, COMBOS, openAs, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * A manual process that asks before it starts, in Chromium on the b2b-sales app. The analyst sees
 * "Ask a colleague for help"'s start form in its trigger's settings, adds a question, and test-runs
 * the process with the form answered (an urgent request takes the 4-hour branch). The rep
 * runs it from her deal: the dialog asks whom and what, "Start" with nothing answered puts
 * "fill this in" under those two questions, and once answered the colleague gets the task. From
 * her list the same form comes under the process choice, once for every ticked deal.
 * Screens ru/en x laptop/phone of the builder's form, the dialog's problems and the list's form.
 */

const MARIA = { email: 'maria.sokolova@example.com', password: 'maria-sokolova-password-1' };
const TEST = 'start-form';
let harness: BrowserHarness;
let deal = '';
let dmitry = '';

interface TaskRow {
  title: string;
  description: string | null;
  runId: string;
}

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const rt = harness.runtime;
  const people = await rt.request<{ data: Array<{ id: string; email?: string | null }> }>('GET', '/api/users?limit=500');
  const maria = people.body.data.find((p) => p.email === MARIA.email);
  dmitry = people.body.data.find((p) => p.email === 'dmitry.petrov@example.com')?.id ?? '';
  expect(maria && dmitry, 'the b2b-sales template installs maria.sokolova and dmitry.petrov').toBeTruthy();
  expect((await rt.request('PATCH', `/api/users/${maria?.id ?? ''}`, { body: { password: MARIA.password } })).status).toBe(200);
  const created = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Склад «Восток»: сканеры', amount: 45000, owner: maria?.id } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  deal = created.body.id;
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

const tasksOf = async (user: string): Promise<TaskRow[]> => (await harness.runtime.request<{ data: TaskRow[] }>('GET', `/api/tasks?assignee=${user}`)).body.data;

describe('a start form', () => {
  it('is edited in the trigger’s settings as rows of questions', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, ADMIN, lang, size, '/builder/processes/ask_colleague');
      await page.locator('[data-node-id="trigger"]').click();
      const form = page.locator('[data-property-panel] [data-schema-field="inputs"]');
      await form.waitFor();
      expect(await form.locator('legend').first().textContent()).toBe(lang === 'ru' ? 'Что спросить при запуске' : 'Ask when starting');
      await expect.poll(() => form.locator('[data-list-row="2"]').count()).toBe(1);
      // The default answer is asked with the question's own input: the list shows its choice.
      expect(await form.locator('[data-list-row="2"] [data-schema-field="default"]').textContent()).toContain(lang === 'ru' ? 'Обычная (2 дня)' : 'Normal (2 days)');
      await form.locator('[data-list-row="2"] [data-schema-field="default"]').scrollIntoViewIfNeeded();
      await captureScreen(page, TEST, 'builder-form', lang, size);
      await close();
    }
    // The analyst adds a date question: a row, its name, its type in words; the draft keeps it.
    const { page, close } = await openAs(harness, ADMIN, 'ru', 'laptop', '/builder/processes/ask_colleague');
    await page.locator('[data-node-id="trigger"]').click();
    const form = page.locator('[data-property-panel] [data-schema-field="inputs"]');
    await form.locator('[data-add-item]').last().click();
    // After the template's four questions (the last asked only when urgent).
    const added = form.locator('[data-list-row="4"]');
    await added.locator('[data-schema-field="name"] input').fill('deadline');
    await added.locator('[data-schema-field="name"] input').press('Tab');
    await chooseOption(page, '[data-property-panel] [data-schema-field="inputs"] [data-list-row="4"] [data-schema-field="type"]', /^Дата$/);
    const draftInputs = async (): Promise<unknown> => {
      const draft = await harness.runtime.request<{ processes: Array<{ name: string; trigger: { inputs?: unknown[] } }> }>('GET', '/api/definitions/draft');
      return draft.body.processes.find((p) => p.name === 'ask_colleague')?.trigger.inputs?.[4];
    };
    await expect.poll(draftInputs, { timeout: 10_000 }).toEqual({ name: 'deadline', type: 'date' });
    // The condition on the canvas reads the question and the choice, not trigger.input.urgency.
    expect(await page.locator('[data-node-id="is_urgent"]').textContent()).toContain('Срочность');
    // A test run is answered like the real start: "urgent" takes the 4-hour branch.
    await page.locator('[data-action="test-run"]').click();
    const answers = page.locator('[data-test-run-answers]');
    await answers.waitFor();
    await chooseOption(page, '[data-test-run-answers] [data-question="colleague"]', /Дмитрий Петров/);
    await chooseOption(page, '[data-test-run-answers] [data-question="urgency"]', /Срочно/);
    await page.locator('[data-action="run-test"]').click();
    await page.locator('[data-test-run-result] [data-run-step="urgent_task"]').waitFor();
    expect(await page.locator('[data-test-run-result] [data-run-step="normal_task"]').count()).toBe(0);
    await captureScreen(page, TEST, 'builder-test-run', 'ru', 'laptop');
    await close();
  }, 300_000);

  it('asks before a run on a record: problems under their questions, then the colleague gets the task', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, MARIA, lang, size, `/records/deal/${deal}`);
      const menu = page.locator('[data-record-processes]');
      await menu.locator('[data-action="run-process"]').click();
      await menu.locator('[data-start-process="ask_colleague"]').click();
      const dialog = page.locator('[data-start-dialog]');
      await dialog.waitFor();
      expect(await dialog.locator('[data-question]').evaluateAll((qs) => qs.map((q) => q.getAttribute('data-question')))).toEqual(['colleague', 'request', 'urgency']);
      await page.locator('[data-action="start-process"]').click();
      const required = lang === 'ru' ? 'Заполните это поле' : 'Please fill in this field';
      await expect.poll(() => dialog.locator('[data-field-error="colleague"]').textContent()).toBe(required);
      expect(await dialog.locator('[data-field-error="request"]').count()).toBe(1);
      // Urgency opens with its default answer, so it is not a problem.
      expect(await dialog.locator('[data-field-error="urgency"]').count()).toBe(0);
      expect(await dialog.locator('[data-question="urgency"]').textContent()).toContain(lang === 'ru' ? 'Обычная (2 дня)' : 'Normal (2 days)');
      await captureScreen(page, TEST, 'dialog-problems', lang, size);
      await close();
    }
    const { page, close } = await openAs(harness, MARIA, 'ru', 'laptop', `/records/deal/${deal}`);
    await page.locator('[data-record-processes] [data-action="run-process"]').click();
    await page.locator('[data-start-process="ask_colleague"]').click();
    const dialog = page.locator('[data-start-dialog]');
    await chooseOption(page, '[data-start-dialog] [data-question="colleague"]', /Дмитрий Петров/);
    await dialog.locator('[data-question="request"] textarea').fill('Проверь, пожалуйста, спецификацию сканеров');
    await chooseOption(page, '[data-start-dialog] [data-question="urgency"]', /Срочно/);
    await captureScreen(page, TEST, 'dialog-answered', 'ru', 'laptop');
    await page.locator('[data-action="start-process"]').click();
    await page.locator('[data-process-outcome="completed"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-process-outcome]').textContent()).toBe('Процесс «Попросить коллегу о помощи» выполнен.');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // The page read the record again: its timeline says who ran the process.
    await expect.poll(() => page.locator('[data-run-started-by]').first().textContent(), { timeout: 10_000 }).toBe('Запуск вручную: Мария Соколова');
    // ... and what she answered, each answer as its question reads it.
    const answers = page.locator('[data-run-answers]').first();
    expect((await answers.locator('[data-run-answer]').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      'Кого попросить: Дмитрий Петров',
      'Что нужно сделать: Проверь, пожалуйста, спецификацию сканеров',
      'Срочность: Срочно (4 часа)',
    ]);
    await answers.scrollIntoViewIfNeeded();
    await captureScreen(page, TEST, 'timeline-answers', 'ru', 'laptop');
    const task = (await tasksOf(dmitry)).find((t) => t.title.includes('Склад «Восток»: сканеры'));
    expect(task).toMatchObject({ description: 'Проверь, пожалуйста, спецификацию сканеров' });
    await close();
    // The answers read in the person's language on every screen size.
    for (const [lang, size] of casesOfThisRun(COMBOS).filter(([l, s]) => l !== 'ru' || s !== 'laptop')) {
      const again = await openAs(harness, MARIA, lang, size, `/records/deal/${deal}`);
      const lines = again.page.locator('[data-run-answers]').first();
      await lines.waitFor({ timeout: 10_000 });
      expect((await lines.locator('[data-run-answer]').first().innerText()).replace(/\s+/g, ' ').trim()).toBe(lang === 'ru' ? 'Кого попросить: Дмитрий Петров' : 'Whom to ask: Дмитрий Петров');
      await lines.scrollIntoViewIfNeeded();
      await captureScreen(again.page, TEST, 'timeline-answers', lang, size);
      await again.close();
    }
  }, 300_000);

  it('asks once for every ticked record of a list', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, MARIA, lang, size, '/lists/deal');
      await page.locator('[data-select-row]').and(page.locator('[aria-label*="Склад «Восток»: сканеры"]')).check();
      await page.locator('[data-action="bulk-process"]').click();
      await chooseOption(page, '[role="dialog"]', lang === 'ru' ? /Попросить коллегу о помощи/ : /Ask a colleague for help/);
      const dialog = page.getByRole('dialog');
      await dialog.locator('[data-start-form] [data-question="request"]').waitFor();
      await dialog.locator('[data-action="bulk-process-start"]').click();
      await dialog.locator('[data-field-error="colleague"]').waitFor();
      await captureScreen(page, TEST, 'list-form', lang, size);
      if (lang === 'ru' && size === 'laptop') {
        const before = (await tasksOf(dmitry)).length;
        await chooseOption(page, '[role="dialog"] [data-question="colleague"]', /Дмитрий Петров/);
        await dialog.locator('[data-question="request"] textarea').fill('Нужна вторая пара глаз');
        await dialog.locator('[data-action="bulk-process-start"]').click();
        await page.locator('[data-bulk-process-outcome]').waitFor();
        expect(await page.locator('[data-bulk-process-outcome]').textContent()).toContain('Процесс «Попросить коллегу о помощи» запущен для 1 записи.');
        await expect.poll(async () => (await tasksOf(dmitry)).length, { timeout: 20_000 }).toBe(before + 1);
      }
      await close();
    }
  }, 300_000);

  it('starts from a kanban card: "Process…", the same questions, then the line above the board says how it went', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, MARIA, lang, size, '/kanban/sales');
      const card = page.locator(`[data-card-id="${deal}"]`);
      await card.waitFor();
      await card.locator('[data-action="card-process-menu"]').click();
      expect(await card.locator('[data-card-process]').evaluateAll((items) => items.map((i) => i.getAttribute('data-card-process')))).toEqual(
        lang === 'ru' ? ['qualify_deal', 'ask_colleague'] : ['ask_colleague', 'qualify_deal'],
      );
      await card.scrollIntoViewIfNeeded();
      await captureScreen(page, TEST, 'kanban-card-menu', lang, size);
      if (lang === 'ru' && size === 'laptop') {
        const before = (await tasksOf(dmitry)).length;
        await card.locator('[data-card-process="ask_colleague"]').click();
        await page.locator('[data-start-dialog]').waitFor();
        await chooseOption(page, '[data-start-dialog] [data-question="colleague"]', /Дмитрий Петров/);
        await page.locator('[data-start-dialog] [data-question="request"] textarea').fill('Подскажи по срокам поставки');
        await page.locator('[data-action="start-process"]').click();
        const line = page.locator('[data-kanban-process="completed"]');
        await line.waitFor({ timeout: 20_000 });
        expect(await line.textContent()).toBe('Процесс «Попросить коллегу о помощи» для «Склад «Восток»: сканеры» выполнен.');
        expect((await tasksOf(dmitry)).length).toBe(before + 1);
        await captureScreen(page, TEST, 'kanban-started', lang, size);
      }
      await close();
    }
  }, 300_000);
});
