import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { captureScreen, casesOfThisRun, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 12 item 6 end to end: in the pipeline editor an analyst adds the robot "create a task for
 * the owner" under the Won stage of the b2b-sales deal pipeline; the draft autosaves; it is
 * published; a sales rep's deal moved to Won through the API gets the task, assigned to its owner,
 * made by that robot. Then the editor with its robots is screenshotted in both languages at both
 * sizes and checked with axe.
 */

const TITLE = 'Поздравить клиента: {{record.title}}';
const REP = { email: 'rep.robots@example.com', name: 'Роман Роботов', password: 'rep-robots-password-1', roles: ['sales_rep'] };

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  // After-save processes (the robots' process among them) run on workers.
  await harness.runtime.runtime.startWorkers();
});

afterAll(async () => {
  await harness?.close();
});

async function openBuilder(lang: Lang, size: Size, path: string): Promise<Page> {
  return (await openSignedIn(harness, lang, size, path)).page;
}

interface DraftProcess {
  name: string;
  trigger: unknown;
  nodes: Array<{ id: string; type: string; config: Record<string, unknown> }>;
}

async function savedRobotsProcess(): Promise<DraftProcess | undefined> {
  const draft = await harness.runtime.request<{ processes?: DraftProcess[] }>('GET', '/api/definitions/draft');
  return draft.body.processes?.find((p) => p.name === 'robots_sales_won');
}

describe('stage robots', () => {
  it('"on Won, create a task for the owner" added in the lane fires for a deal moved to Won through the API', async () => {
    const page = await openBuilder('ru', 'laptop', '/builder/pipelines');
    await page.locator('[data-list="pipelines"] a', { hasText: 'Продажи' }).click();
    await page.waitForURL(/\/builder\/pipelines\/sales/);
    // Stages move with the arrows (as with a drag) and undo puts them back.
    const order = () => page.locator('[data-strip="stages"] > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-stage')));
    await page.locator('[data-stage="lead"] button[aria-label="Сдвинуть этап «Лид» позже"]').click();
    await expect.poll(order).toEqual(['qualified', 'lead', 'proposal', 'contract', 'won', 'lost']);
    await page.locator('[data-toolbar="draft"] [data-action="undo"]').click();
    await expect.poll(order).toEqual(['lead', 'qualified', 'proposal', 'contract', 'won', 'lost']);
    // And by dragging a stage by its handle onto another.
    await page.locator('[data-stage="lost"] .column__handle').dragTo(page.locator('[data-stage="lead"] .column__open'));
    await expect.poll(order).toEqual(['lost', 'lead', 'qualified', 'proposal', 'contract', 'won']);
    await page.locator('[data-toolbar="draft"] [data-action="undo"]').click();
    await expect.poll(order).toEqual(['lead', 'qualified', 'proposal', 'contract', 'won', 'lost']);

    const lane = page.locator('[data-lane="won"]');
    await lane.locator('[data-action="add-robot"]').click();
    await lane.locator('[data-robot-kind="create_task"]').click();
    // The robot's side panel opens; the task goes to the owner unless told otherwise.
    const panel = page.locator('[data-panel="robot"]');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Робот: Создать задачу');
    expect(await panel.locator('#robot-create_task_1-who').inputValue()).toBe('owner');
    await panel.locator('#robot-create_task_1-title').fill(TITLE);
    await panel.locator('#robot-create_task_1-title').press('Tab');
    await expect.poll(() => lane.locator('[data-robot="create_task_1"]').textContent()).toContain('Задача ответственному: Поздравить клиента: «Название»');
    // A condition is checked on the page before it is stored, under the builder's policy (no
    // eval: its validators come precompiled). It shows on the card; undo takes it away again.
    await panel.locator('[data-add-clause]').click();
    const robotIf = lane.locator('[data-robot="create_task_1"] .robot__if');
    await expect.poll(() => robotIf.textContent()).toMatch(/^Если: /);
    await page.locator('[data-toolbar="draft"] [data-action="undo"]').click();
    await expect.poll(() => robotIf.count()).toBe(0);

    // Autosave sends the draft; the stage's robots are an ordinary stage-triggered process in it.
    await expect.poll(async () => (await savedRobotsProcess())?.nodes[0]?.config['title'], { timeout: 15_000 }).toBe(TITLE);
    expect((await savedRobotsProcess())?.trigger).toEqual({ type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won' });
    await expect.poll(() => page.locator('[data-save-state]').textContent()).toBe('Черновик сохранён');
    await captureScreen(page, 'stage-robots', 'editor-robot-added', 'ru', 'laptop');

    const published = await harness.runtime.request('POST', '/api/definitions/publish', { body: {} });
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    const user = await harness.runtime.request<{ id: string }>('POST', '/api/users', { body: REP });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const login = await harness.runtime.request<{ token: string }>('POST', '/api/auth/login', { body: { email: REP.email, password: REP.password }, token: null });
    expect(login.status).toBe(200);
    const token = login.body.token;
    const company = await harness.runtime.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО Роботы' }, token });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    const deal = await harness.runtime.request<{ id: string; version: number; owner: string }>('POST', '/api/records/deal', {
      body: { title: 'Поставка роботов', amount: 50000, stage: 'contract', company: company.body.id, close_date: '2027-01-31' },
      token,
    });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    expect(deal.body.owner).toBe(user.body.id);

    const won = await harness.runtime.request('PATCH', `/api/records/deal/${deal.body.id}`, { body: { stage: 'won' }, token, headers: { 'if-match': String(deal.body.version) } });
    expect(won.status, JSON.stringify(won.body)).toBe(200);

    const robotTask = async () => {
      const tasks = await harness.runtime.request<{ data: Array<{ title: string; assignee: string; recordId: string; nodeId: string; status: string }> }>('GET', '/api/tasks?assignee=me', { token });
      return tasks.body.data.find((t) => t.nodeId === 'create_task_1' && t.recordId === deal.body.id);
    };
    await expect.poll(robotTask, { timeout: 30_000, interval: 300 }).toMatchObject({
      title: 'Поздравить клиента: Поставка роботов',
      assignee: user.body.id,
      status: 'open',
    });

    // The lane's robots are an ordinary process: the designer opens it with the robot's node.
    await page.locator('[data-lane="won"] [data-action="open-designer"]').click();
    await page.waitForURL(/\/builder\/processes\/robots_sales_won$/);
    await page.locator('[data-node-id="create_task_1"]').waitFor();
    expect(await page.locator('h1').first().textContent()).toContain('Роботы стадии «Успешно»');
  });

  it.each(casesOfThisRun(COMBOS))('pipeline list, editor with robots, stage settings and robot panel (%s, %s)', async (lang, size) => {
    const page = await openBuilder(lang, size, '/builder/pipelines');
    await page.locator('[data-list="pipelines"] li').first().waitFor();
    await captureScreen(page, 'stage-robots', 'pipelines', lang, size);
    await page.locator('[data-action="new-pipeline"]').click();
    // The deal's stage field is taken by Sales: a new pipeline on deals offers a new "Stage" field.
    expect(await page.locator('#new-pipeline-field').inputValue()).toBe('');
    await captureScreen(page, 'stage-robots', 'new-pipeline', lang, size);
    await page.locator('form[data-form="new-pipeline"] button:not([type="submit"])').click();

    await page.goto('/builder/pipelines/sales');
    await page.locator('[data-robot="create_task_1"]').waitFor();
    expect(await page.locator('[data-strip="stages"] > li').count()).toBe(6);
    await captureScreen(page, 'stage-robots', 'editor', lang, size);

    await page.locator('[data-stage="won"] .column__open').click();
    await page.locator('[data-panel="stage"]').waitFor();
    expect(await page.locator('#stage-won-kind').inputValue()).toBe('won');
    // Beside the panel the strip scrolls to the chosen stage; the stages cut off before it fade
    // out (data-scroll-more), so the strip does not read as starting there. On a phone the
    // stages stack and nothing is hidden.
    const strip = page.locator('[data-strip="stages"]');
    if (size === 'phone') {
      await expect.poll(() => strip.getAttribute('data-scroll-more')).toBe('none');
    } else {
      await expect.poll(() => strip.getAttribute('data-scroll-more')).toMatch(/^(before|both)$/);
      const maskImage = await strip.evaluate((el) => (Reflect.get(globalThis, 'getComputedStyle') as (e: unknown) => { maskImage: string })(el).maskImage);
      expect(maskImage).toContain('linear-gradient');
      await strip.evaluate((el) => el.scrollTo({ left: 0 }));
      await expect.poll(() => strip.getAttribute('data-scroll-more')).toBe('after');
      await page.locator('[data-stage="won"]').scrollIntoViewIfNeeded();
    }
    await captureScreen(page, 'stage-robots', 'stage-settings', lang, size);

    await page.locator('[data-robot="create_task_1"] .robot__open').click();
    await page.locator('[data-panel="robot"]').waitFor();
    await captureScreen(page, 'stage-robots', 'robot-panel', lang, size);
  });
});
