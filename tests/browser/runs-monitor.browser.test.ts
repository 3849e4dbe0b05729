import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, casesOfThisRun, COMBOS, openAs, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * The builder's Runs section, in Chromium on the b2b-sales app: the admin sees the job queue (ready,
 * on a timer, waiting for people, this process's workers), a failed run with the step it failed at
 * and the script's error, its steps, and retries it (the script fails again: a second attempt in
 * its history); switches to waiting runs and cancels one, which leaves the timer count. Screenshots
 * ru/en x laptop/phone of the monitor with a failed run's steps open. Then: one process's failed
 * runs retried at once; a run that ended at a failing end step read in Russian; and an analyst who
 * builds but is no admin, to whom the top bar does not offer Runs and whose visit says it is for admins.
 */

let harness: BrowserHarness;
const deals: Record<string, string> = {};
const ANALYST = { email: 'analyst.runs@example.com', password: 'Analyst-Runs-Pass-42' };

interface RunBody {
  id: string;
  status: string;
  steps: Array<{ nodeId: string; status: string }>;
}

async function runOf(process: string, recordId: string): Promise<RunBody> {
  for (let i = 0; i < 150; i++) {
    const res = await harness.runtime.request<{ data: Array<{ id: string; status: string }> }>('GET', `/api/processes/${process}/runs?recordId=${recordId}`);
    const run = res.body.data[0];
    if (run && run.status !== 'running') return (await harness.runtime.request<RunBody>('GET', `/api/runs/${run.id}`)).body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no settled run of ${process} for ${recordId}`);
}

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const rt = harness.runtime;
  const draft = await rt.request<{ processes?: unknown[]; roles?: unknown[] }>('GET', '/api/definitions/draft');
  const app = draft.body;
  const onDeal = (prefix: string) => ({ type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: prefix } });
  app.processes = [
    ...(app.processes ?? []),
    {
      name: 'stock_check',
      label: { en: 'Stock check', ru: 'Проверка склада' },
      mode: 'after-save',
      trigger: onDeal('MON fail'),
      nodes: [{ id: 'reserve', type: 'script', label: { en: 'Reserve the goods', ru: 'Резерв товара' }, position: { x: 200, y: 0 }, config: { source: 'throw new Error("на складе нет позиции для сделки " + record.title);' } }],
      edges: [{ from: 'trigger', to: 'reserve' }],
    },
    {
      name: 'follow_up_later',
      label: { en: 'Follow up in an hour', ru: 'Напомнить через час' },
      mode: 'after-save',
      trigger: onDeal('MON wait'),
      nodes: [{ id: 'pause', type: 'wait', position: { x: 200, y: 0 }, config: { duration: 'PT1H' } }],
      edges: [{ from: 'trigger', to: 'pause' }],
    },
    {
      name: 'erp_export',
      label: { en: 'Export to the ERP', ru: 'Выгрузка в ERP' },
      mode: 'after-save',
      trigger: onDeal('MON bulk'),
      nodes: [{ id: 'export', type: 'script', label: { en: 'Send the order', ru: 'Отправить заказ' }, position: { x: 200, y: 0 }, config: { source: 'throw new Error("ERP is down");' } }],
      edges: [{ from: 'trigger', to: 'export' }],
    },
    {
      name: 'margin_guard',
      label: { en: 'Margin guard', ru: 'Контроль маржи' },
      mode: 'after-save',
      trigger: onDeal('MON margin'),
      nodes: [{ id: 'stop', type: 'end', label: { en: 'Stop', ru: 'Стоп' }, position: { x: 200, y: 0 }, config: { status: 'failed', message: { en: 'The discount is above 30%', ru: 'Скидка больше 30%' } } }],
      edges: [{ from: 'trigger', to: 'stop' }],
    },
  ];
  app.roles = [...(app.roles ?? []), { name: 'analyst', label: { en: 'Analyst', ru: 'Аналитик' }, builder: true }];
  expect((await rt.request('PUT', '/api/definitions/draft', { body: app })).status).toBe(200);
  expect((await rt.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
  expect((await rt.request('POST', '/api/users', { body: { email: ANALYST.email, name: 'Аналитик', password: ANALYST.password, roles: ['analyst'] } })).status).toBe(201);
  for (const title of ['MON fail: ООО Ромашка', 'MON wait: ИП Орлов', 'MON bulk 1', 'MON bulk 2', 'MON margin: ООО Вектор']) {
    const created = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 5000 } });
    expect(created.status).toBe(201);
    deals[title] = created.body.id;
  }
  expect((await runOf('stock_check', deals['MON fail: ООО Ромашка'] ?? '')).status).toBe('failed');
  expect((await runOf('follow_up_later', deals['MON wait: ИП Орлов'] ?? '')).status).toBe('waiting');
  for (const title of ['MON bulk 1', 'MON bulk 2']) expect((await runOf('erp_export', deals[title] ?? '')).status).toBe('failed');
  expect((await runOf('margin_guard', deals['MON margin: ООО Вектор'] ?? '')).status).toBe('failed');
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('runs monitor', () => {
  it('shows the queue and a failed run with its step and error; retry runs it again, cancel ends a waiting one', async () => {
    const failed = await runOf('stock_check', deals['MON fail: ООО Ромашка'] ?? '');
    const waiting = await runOf('follow_up_later', deals['MON wait: ИП Орлов'] ?? '');

    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openSignedIn(harness, lang, size, '/builder/runs');
      const row = page.locator(`[data-run="${failed.id}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-run-status')).toBe('failed');
      expect(await row.locator('[data-run-error]').textContent()).toContain('на складе нет позиции для сделки MON fail: ООО Ромашка');
      expect(await row.locator('[data-run-error]').textContent()).toContain(lang === 'ru' ? 'Шаг «Резерв товара»:' : 'Step “Reserve the goods”:');
      expect(await row.textContent()).toContain(lang === 'ru' ? 'Проверка склада' : 'Stock check');
      const queue = page.locator('[data-run-queue]');
      await queue.waitFor();
      expect(Number(await queue.locator('[data-count="later"] dd').textContent())).toBeGreaterThanOrEqual(1);
      await row.locator(`[data-action="steps-${failed.id}"]`).click();
      const step = row.locator('[data-run-steps] [data-step="reserve"]');
      await step.waitFor();
      expect(await step.getAttribute('data-step-status')).toBe('failed');
      expect(await step.textContent()).toContain(lang === 'ru' ? 'Скрипт' : 'Script');
      expect(await queue.locator('[data-parked-note]').textContent()).toMatch(lang === 'ru' ? /остановлен[оы] после ошибок/ : /stopped after errors/);
      // Its job is parked until an admin retries it, and the text says so.
      expect(await row.locator('[data-run-waiting="parked"]').textContent()).toContain(lang === 'ru' ? 'Остановлен на шаге «Резерв товара» после ошибок' : 'Stopped at step “Reserve the goods” after errors');
      // A script's error has no Russian text of its own: the Russian line names the kind of failure first.
      expect(await row.locator('[data-run-error]').textContent()).toMatch(lang === 'ru' ? /^Шаг «Резерв товара»: Ошибка в скрипте: The script/ : /^Step “Reserve the goods”: The script/);
      await captureScreen(page, 'runs-monitor', 'failed-run', lang, size);
      await close();
    }

    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/runs');
    const row = page.locator(`[data-run="${failed.id}"]`);
    await row.locator('[data-action="retry-run"]').click();
    // The script fails the same way again: the run's history has the step's second attempt.
    await expect
      .poll(async () => (await harness.runtime.request<RunBody>('GET', `/api/runs/${failed.id}`)).body.steps.filter((s) => s.nodeId === 'reserve').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    expect(await row.locator('[data-run-action-error]').count()).toBe(0);

    const laterBefore = Number(await page.locator('[data-count="later"] dd').textContent());
    await page.locator('[data-filter="status"]').selectOption('waiting');
    const waitingRow = page.locator(`[data-run="${waiting.id}"]`);
    await waitingRow.waitFor();
    await waitingRow.locator(`[data-action="steps-${waiting.id}"]`).click();
    expect(await waitingRow.locator('[data-run-waiting="waiting"]').textContent()).toContain('Ждёт на шаге «pause» до');
    await waitingRow.locator('[data-action="cancel-run"]').click();
    await expect.poll(() => waitingRow.getAttribute('data-run-status')).toBe('cancelled');
    expect(await waitingRow.locator('.rr-status').textContent()).toBe('Отменён');
    // The step it was waiting at did not go on.
    await expect.poll(() => waitingRow.locator('[data-step="pause"]').getAttribute('data-step-status')).toBe('cancelled');
    await expect.poll(async () => Number(await page.locator('[data-count="later"] dd').textContent())).toBe(laterBefore - 1);
    expect((await runOf('follow_up_later', deals['MON wait: ИП Орлов'] ?? '')).status).toBe('cancelled');
    await captureScreen(page, 'runs-monitor', 'cancelled-run', 'ru', 'laptop');
    await close();
  }, 420_000);

  it('retries one process’s failed runs at once, and reads a failing end step’s words in the admin’s language', async () => {
    const bulk = await Promise.all(['MON bulk 1', 'MON bulk 2'].map((title) => runOf('erp_export', deals[title] ?? '')));
    const margin = await runOf('margin_guard', deals['MON margin: ООО Вектор'] ?? '');
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openSignedIn(harness, lang, size, '/builder/runs');
      const marginRow = page.locator(`[data-run="${margin.id}"]`);
      await marginRow.waitFor();
      expect(await marginRow.locator('[data-run-error]').textContent()).toBe(lang === 'ru' ? 'Шаг «Стоп»: Скидка больше 30%' : 'Step “Stop”: The discount is above 30%');
      // The process ended it as failed on purpose: there is no step to retry, so no Retry.
      expect(await marginRow.locator('[data-action="retry-run"]').count()).toBe(0);
      await close();
    }

    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/runs');
    await page.locator('[data-filter="process"]').selectOption('erp_export');
    for (const run of bulk) await page.locator(`[data-run="${run.id}"]`).waitFor();
    await expect.poll(() => page.locator('[data-run]').count()).toBe(2);
    await page.locator('[data-action="retry-all-failed"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Запуски процесса «Выгрузка в ERP», остановленные после ошибок, продолжатся с упавшего шага');
    await captureScreen(page, 'runs-monitor', 'bulk-retry-dialog', 'ru', 'laptop');
    await dialog.locator('[data-action="confirm-retry-all"]').click();
    await expect.poll(() => page.locator('[data-bulk-result]').textContent()).toContain('Повторено 2 запуска.');
    // Both ran their step again (the ERP is still down: a second failed attempt each); the
    // margin guard's run, which ended at its end step, had nothing to retry and was left alone.
    for (const run of bulk) {
      await expect
        .poll(async () => (await harness.runtime.request<RunBody>('GET', `/api/runs/${run.id}`)).body.steps.filter((s) => s.nodeId === 'export').length, { timeout: 15_000 })
        .toBe(2);
    }
    expect((await harness.runtime.request<RunBody>('GET', `/api/runs/${margin.id}`)).body.status).toBe('failed');
    await captureScreen(page, 'runs-monitor', 'bulk-retried', 'ru', 'laptop');
    await close();
  }, 300_000);

  it('is not offered to an analyst who builds but is no admin, and says so at its address', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const { page, close } = await openAs(harness, ANALYST, lang, size, '/builder/runs');
      const notice = page.locator('[data-runs-forbidden]');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(lang === 'ru' ? 'Запуски процессов и очередь заданий видят только администраторы.' : 'Only admins see process runs and the job queue.');
      expect(await page.locator('[data-run-queue]').count()).toBe(0);
      // The builder's top bar offers the analyst's sections, not the admins'.
      const nav = page.locator('a[href="/builder/processes"]');
      expect(await nav.count()).toBeGreaterThan(0);
      expect(await page.locator('a[href="/builder/runs"]').count()).toBe(0);
      expect(await page.locator('a[href="/builder/settings"]').count()).toBe(0);
      await captureScreen(page, 'runs-monitor', 'not-admin', lang, size);
      await close();
    }
  }, 300_000);
});
