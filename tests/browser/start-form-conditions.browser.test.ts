import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, captureScreen, casesOfThisRun, chooseOption, COMBOS, openAs, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * A conditional question on a start form, in Chromium on the b2b-sales app: "Ask a colleague for
 * help" asks "Why it is urgent" only when the urgency is "Urgent". The rep sees the question
 * appear as she picks "Urgent" and go as she picks "Normal" again, starts the run with a reason,
 * and reads it on the deal's timeline. The analyst sees the condition in the trigger's settings:
 * "Show only when" Urgency is Urgent. Screens ru/en x laptop/phone of the dialog and the builder.
 */

const MARIA = { email: 'maria.sokolova@example.com', password: 'maria-sokolova-password-1' };
const TEST = 'start-form-conditions';
let harness: BrowserHarness;
let deal = '';

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const rt = harness.runtime;
  const people = await rt.request<{ data: Array<{ id: string; email?: string | null }> }>('GET', '/api/users?limit=500');
  const maria = people.body.data.find((p) => p.email === MARIA.email);
  expect(maria, 'the b2b-sales template installs maria.sokolova').toBeTruthy();
  expect((await rt.request('PATCH', `/api/users/${maria?.id ?? ''}`, { body: { password: MARIA.password } })).status).toBe(200);
  const created = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Склад «Запад»: терминалы', amount: 52000, owner: maria?.id } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  deal = created.body.id;
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('a conditional start-form question', () => {
  it('appears when the urgency is urgent, goes when it is not, and its answer reaches the run', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, MARIA, lang, size, `/records/deal/${deal}`);
      await page.locator('[data-record-processes] [data-action="run-process"]').click();
      await page.locator('[data-start-process="ask_colleague"]').click();
      const dialog = page.locator('[data-start-dialog]');
      await dialog.waitFor();
      const asked = (): Promise<Array<string | null>> => dialog.locator('[data-question]').evaluateAll((qs) => qs.map((q) => q.getAttribute('data-question')));
      expect(await asked()).toEqual(['colleague', 'request', 'urgency']);
      await chooseOption(page, '[data-start-dialog] [data-question="urgency"]', lang === 'ru' ? /Срочно/ : /Urgent/);
      await expect.poll(asked).toEqual(['colleague', 'request', 'urgency', 'urgency_reason']);
      expect(await dialog.locator('[data-question="urgency_reason"] label').textContent()).toBe(lang === 'ru' ? 'Почему срочно' : 'Why it is urgent');
      await dialog.locator('[data-question="urgency_reason"] input').fill(lang === 'ru' ? 'Клиент подписывает договор сегодня' : 'The client signs today');
      await captureScreen(page, TEST, 'dialog-urgent', lang, size);
      await chooseOption(page, '[data-start-dialog] [data-question="urgency"]', lang === 'ru' ? /Обычная/ : /Normal/);
      await expect.poll(asked).toEqual(['colleague', 'request', 'urgency']);
      await chooseOption(page, '[data-start-dialog] [data-question="urgency"]', lang === 'ru' ? /Срочно/ : /Urgent/);
      // Back, with what was typed.
      expect(await dialog.locator('[data-question="urgency_reason"] input').inputValue()).toBe(lang === 'ru' ? 'Клиент подписывает договор сегодня' : 'The client signs today');
      if (lang === 'ru' && size === 'laptop') {
        await chooseOption(page, '[data-start-dialog] [data-question="colleague"]', /Дмитрий Петров/);
        await dialog.locator('[data-question="request"] textarea').fill('Проверь комплектацию терминалов');
        await page.locator('[data-action="start-process"]').click();
        await page.locator('[data-process-outcome="completed"]').waitFor({ timeout: 20_000 });
        await expect.poll(() => dialog.isVisible()).toBe(false);
        const answers = page.locator('[data-run-answers]').first();
        await answers.waitFor({ timeout: 10_000 });
        await expect
          .poll(async () => (await answers.locator('[data-run-answer]').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim()))
          .toEqual(['Кого попросить: Дмитрий Петров', 'Что нужно сделать: Проверь комплектацию терминалов', 'Срочность: Срочно (4 часа)', 'Почему срочно: Клиент подписывает договор сегодня']);
        await answers.scrollIntoViewIfNeeded();
        await captureScreen(page, TEST, 'timeline-answers', lang, size);
      }
      await close();
    }
  }, 300_000);

  it('is set in the trigger’s settings: "Show only when" an earlier question has one of its answers', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, ADMIN, lang, size, '/builder/processes/ask_colleague');
      await page.locator('[data-node-id="trigger"]').click();
      const row = page.locator('[data-property-panel] [data-schema-field="inputs"] [data-list-row="3"]');
      const condition = row.locator('[data-schema-field="visibleWhen"]');
      await condition.waitFor();
      expect(await condition.locator('legend').textContent()).toContain(lang === 'ru' ? 'Показывать, только если' : 'Show only when');
      expect(await condition.locator('[data-condition-question]').textContent()).toContain(lang === 'ru' ? 'Срочность' : 'Urgency');
      expect(await condition.locator('[data-condition-values="enum"]').textContent()).toContain(lang === 'ru' ? 'Срочно (4 часа)' : 'Urgent (4 hours)');
      await condition.scrollIntoViewIfNeeded();
      await captureScreen(page, TEST, 'builder-condition', lang, size);
      await close();
    }
  }, 300_000);
});
