import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, casesOfThisRun, COMBOS, openAs, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Leads in the b2b-sales app, in Chromium: Maria (a sales rep) opens her leads as a list and as the
 * lead board (stages New ... Disqualified), opens a lead, runs "Convert the lead" from the record
 * page's process menu, answers its start form (the deal's title and amount; no company picked, so
 * one is made from the lead's company name) and lands on the lead, now Converted, with links to
 * the new company, contact and deal. Screens ru/en x laptop/phone of the list, the board, the
 * dialog and the converted lead.
 */

const MARIA = { email: 'maria.sokolova@example.com', password: 'maria-sokolova-password-1' };
const TEST = 'b2b-sales-leads';
let harness: BrowserHarness;
// One lead of Maria's to convert per language and size.
const toConvert = [
  { last: 'Руденко', first: 'Алина', company: 'ООО «Сфера Логистик»' },
  { last: 'Мельников', first: 'Олег', company: 'АО «ПромИнвест»' },
  { last: 'Карпова', first: 'Дарья', company: 'ООО «Кондитер Групп»' },
  { last: 'Шубин', first: 'Артём', company: 'ООО «ТелекомСтрой»' },
];
const leadIds = new Map<string, string>();

interface LeadBody {
  id: string;
  stage: string;
  converted_company: string | null;
  converted_contact: string | null;
  converted_deal: string | null;
}

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  const rt = harness.runtime;
  const people = await rt.request<{ data: Array<{ id: string; email?: string | null }> }>('GET', '/api/users?limit=500');
  const maria = people.body.data.find((p) => p.email === MARIA.email);
  expect(maria, 'the b2b-sales template installs maria.sokolova').toBeDefined();
  expect((await rt.request('PATCH', `/api/users/${maria?.id ?? ''}`, { body: { password: MARIA.password } })).status).toBe(200);
  for (const lead of toConvert) {
    const created = await rt.request<{ id: string }>('POST', '/api/records/lead', {
      body: { first_name: lead.first, last_name: lead.last, company_name: lead.company, position: 'Директор', phone: '+7 903 555-00-11', source: 'website', budget: 80000, stage: 'working', owner: maria?.id },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    leadIds.set(lead.last, created.body.id);
  }
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('leads', () => {
  it('Maria reads her leads as a list and as the lead board, stages named', async () => {
    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const list = await openAs(harness, MARIA, lang, size, '/lists/lead');
      await list.page.locator('[data-select-row]').first().waitFor({ timeout: 15_000 });
      const listText = await list.page.locator('main').innerText();
      expect(listText).toContain('Андрей Белов');
      expect(listText).toContain('ООО «ГрандМебель»');
      // Only her own: Dmitry's lead is not on her list.
      expect(listText).not.toContain('Громова');
      await captureScreen(list.page, TEST, 'leads-list', lang, size);
      await list.close();

      const board = await openAs(harness, MARIA, lang, size, '/kanban/leads');
      const boardEl = board.page.locator('[data-kanban-board]');
      await boardEl.locator('[data-stage="new"] [data-card-id]').first().waitFor({ timeout: 15_000 });
      const stages = await boardEl.locator('[data-stage]').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-stage')));
      expect(stages).toEqual(['new', 'working', 'qualified', 'converted', 'disqualified']);
      expect(await boardEl.innerText()).toContain(lang === 'ru' ? 'Квалифицирован' : 'Qualified');
      await captureScreen(board.page, TEST, 'leads-board', lang, size);
      await board.close();
    }
  }, 300_000);

  it('Maria converts a lead from its page: the form asks for the deal, and the lead comes back Converted with its links', async () => {
    const combos = casesOfThisRun(COMBOS);
    for (const [index, [lang, size]] of combos.entries()) {
      const lead = toConvert[index];
      const id = leadIds.get(lead?.last ?? '') ?? '';
      const { page, close } = await openAs(harness, MARIA, lang, size, `/records/lead/${id}`);
      const menu = page.locator('[data-record-processes]');
      await menu.locator('[data-action="run-process"]').click();
      await menu.locator('[data-start-process="convert_lead"]').click();
      const dialog = page.locator('[data-start-dialog]');
      await dialog.waitFor();
      expect(await dialog.locator('[data-question]').evaluateAll((qs) => qs.map((q) => q.getAttribute('data-question')))).toEqual(['deal_title', 'amount', 'company', 'contact']);
      const title = `${lead?.company ?? ''}: внедрение CRM`;
      await dialog.locator('[data-question="deal_title"] input').fill(title);
      await dialog.locator('[data-question="amount"] input').fill('75000');
      await dialog.locator('[data-question="amount"] input').press('Tab');
      await captureScreen(page, TEST, 'convert-dialog', lang, size);
      await page.locator('[data-action="start-process"]').click();
      const outcome = page.locator('[data-process-outcome="completed"]');
      await outcome.waitFor({ timeout: 30_000 });
      expect(await outcome.textContent()).toContain(lang === 'ru' ? 'Процесс «Конвертировать лид» выполнен.' : 'The process “Convert the lead” is done.');

      const stored = (await harness.runtime.request<LeadBody>('GET', `/api/records/lead/${id}`)).body;
      expect(stored.stage).toBe('converted');
      const deal = (await harness.runtime.request<{ title: string; amount: number }>('GET', `/api/records/deal/${stored.converted_deal ?? ''}`)).body;
      expect(deal).toMatchObject({ title, amount: 75000 });
      // The page read the lead again: its stage, and links to what it became.
      const link = page.locator(`[data-field="converted_deal"] a[href="/records/deal/${stored.converted_deal ?? ''}"]`);
      await link.waitFor({ timeout: 15_000 });
      expect(await link.textContent()).toBe(title);
      expect(await page.locator(`[data-field="converted_company"] a[href="/records/company/${stored.converted_company ?? ''}"]`).textContent()).toBe(lead?.company);
      expect(await page.locator(`[data-field="converted_contact"] a[href="/records/contact/${stored.converted_contact ?? ''}"]`).count()).toBe(1);
      expect(await page.locator('[data-record-page]').innerText()).toContain(lang === 'ru' ? 'Конвертирован' : 'Converted');
      await captureScreen(page, TEST, 'lead-converted', lang, size);

      await link.click();
      await page.waitForURL(new RegExp(`/records/deal/${stored.converted_deal ?? ''}$`));
      await expect.poll(() => page.locator('[data-record-page]').innerText(), { timeout: 15_000 }).toContain(lead?.company ?? '');
      await close();
    }
  }, 400_000);
});
