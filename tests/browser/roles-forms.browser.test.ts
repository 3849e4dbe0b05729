import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from '@crm/schemas';
import { captureScreen, COMBOS, itScreens, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Issue 12 items 7 and 10 in Chromium. On a published app with deals, the analyst creates the role
 * "Менеджер по продажам" with own deals through the matrix (one form, preset "own records"), hides
 * the margin from it, and "view as role" shows the margin left out of the list and the form with
 * the reason. Then a form with two sections and a visibility rule and a kanban view by the
 * pipeline; the autosaved draft holds all of it. After publishing, the explainer gives the live
 * answer for a rep and a deal they do not own. Every screen is captured in ru/en, laptop/phone.
 */

let harness: BrowserHarness;

const app: App = {
  name: 'crm',
  label: { ru: 'CRM', en: 'CRM' },
  entities: [
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      display: 'title',
      fields: [
        { name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'text', required: true },
        { name: 'amount', label: { ru: 'Сумма', en: 'Amount' }, type: 'money' },
        { name: 'margin', label: { ru: 'Маржа', en: 'Margin' }, type: 'percent' },
        {
          name: 'stage',
          label: { ru: 'Этап', en: 'Stage' },
          type: 'enum',
          options: [
            { value: 'new', label: { ru: 'Новая', en: 'New' } },
            { value: 'lost', label: { ru: 'Проиграна', en: 'Lost' } },
          ],
        },
        { name: 'lost_reason', label: { ru: 'Причина проигрыша', en: 'Lost reason' }, type: 'text' },
      ],
    },
  ],
  pipelines: [
    {
      name: 'sales',
      label: { ru: 'Продажи', en: 'Sales' },
      entity: 'deal',
      field: 'stage',
      stages: [
        { name: 'new', label: { ru: 'Новая', en: 'New' }, kind: 'open' },
        { name: 'lost', label: { ru: 'Проиграна', en: 'Lost' }, kind: 'lost' },
      ],
    },
  ],
};

beforeAll(async () => {
  harness = await startBrowserHarness('');
  expect((await harness.runtime.request('PUT', '/api/definitions/draft', { body: app })).status).toBe(200);
  expect((await harness.runtime.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
});

afterAll(async () => {
  await harness?.close();
});

async function saved(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-save-state]').first().textContent(), { timeout: 10_000 }).toMatch(/Черновик сохранён|Draft saved/);
}

interface DraftApp {
  roles?: Array<{ name: string; label?: { ru?: string }; entities?: Record<string, Record<string, unknown>>; fields?: Record<string, Record<string, string>> }>;
  forms?: Array<{ name: string; sections: Array<{ fields: Array<{ field: string; visibleWhen?: unknown }> }> }>;
  views?: Array<{ name: string; kind?: string; pipeline?: string }>;
}

describe('role matrix and forms designer', () => {
  it('creates a sales rep with own deals, hides the margin, sees it hidden as that role, designs a form and a kanban, and explains live access', async () => {
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/roles');
    try {
      // A role with own deals in one form: the preset is "own records" by default.
      await page.locator('[data-action="new-role"]').click();
      await page.locator('#new-role-label').fill('Менеджер по продажам');
      await page.locator('#new-role-label-en').fill('Sales rep');
      await page.locator('form[data-form="new-role"] button[type="submit"]').click();
      await page.waitForURL(/role=sales_rep/);
      expect(await page.locator('[data-scope="deal.read"]').inputValue()).toBe('own');
      expect(await page.locator('[data-scope="deal.delete"]').inputValue()).toBe('none');
      // The analyst lets reps delete their own deals, in the matrix.
      await page.locator('[data-scope="deal.delete"]').selectOption('own');
      await saved(page);
      await captureScreen(page, 'roles-forms', 'role-matrix', 'ru', 'laptop');

      // Field access: the margin is hidden from the role.
      await page.locator('[data-action="open-role"]').click();
      await page.waitForURL(/\/builder\/roles\/sales_rep/);
      await page.locator('[data-tab="fields"]').click();
      await page.locator('[data-field-access="margin"]').selectOption('hidden');
      await expect.poll(() => page.locator('[data-field="margin"] [data-effective]').getAttribute('data-effective')).toBe('hidden');
      await captureScreen(page, 'roles-forms', 'role-detail', 'ru', 'laptop');
      // The field grid's change is autosaved before the page is left (a reload drops a pending save).
      await saved(page);

      // View as role: the list and the form leave the margin out and say why.
      await page.locator('[data-tab="preview"]').click();
      await page.locator('[data-view-as-role]').waitFor();
      expect(await page.locator('[data-preview-list] [data-column]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-column')))).not.toContain('margin');
      expect(await page.locator('[data-preview-hidden="list"] [data-hidden-field="margin"]').textContent()).toContain('так задано в доступе к полям роли');
      expect(await page.locator('[data-preview-form] [data-form-field="margin"]').count()).toBe(0);
      expect(await page.locator('[data-preview-form] [data-form-field="title"]').getAttribute('data-access')).toBe('write');
      await captureScreen(page, 'roles-forms', 'view-as-role', 'ru', 'laptop');

      // A form with two sections and a visibility rule.
      await page.goto('/builder/forms-views');
      await page.locator('[data-action="new-form-deal"]').click();
      await page.waitForURL(/\/builder\/forms-views\/forms\/deal_form/);
      await page.locator('[data-action="add-section"]').click();
      await expect.poll(() => page.locator('[data-section]').count()).toBeGreaterThanOrEqual(2);
      await page.locator('section[data-section="1"] [data-field="lost_reason"] button').click();
      await page.locator('[data-item-panel="lost_reason"]').waitFor();
      // Shown only when the deal is lost (typed as raw JSON; the clause editor is the condition editor's own test).
      await page.locator('[data-rule="visibleWhen"] [data-condition-raw]').click();
      await page.locator('[data-rule="visibleWhen"] textarea').fill('{"field":"stage","op":"eq","value":"lost"}');
      await page.locator('[data-rule="visibleWhen"] [data-condition-raw]').click();
      await page.locator('[data-rule="visibleWhen"] [data-condition-sentence]').waitFor();
      // Drag "Сумма" from the first section into the second.
      await page.locator('section[data-section="0"] [data-field="amount"] .fsec__handle').dragTo(page.locator('section[data-section="1"] [data-field="lost_reason"]'));
      await saved(page);
      await captureScreen(page, 'roles-forms', 'form-editor', 'ru', 'laptop');

      // A kanban view by the pipeline.
      await page.goto('/builder/forms-views');
      await page.locator('[data-action="new-view-deal"]').click();
      await page.waitForURL(/\/builder\/forms-views\/views\/deal_list/);
      await page.locator('[data-input="view-kind"]').selectOption('kanban');
      expect(await page.locator('[data-input="view-pipeline"]').inputValue()).toBe('sales');
      await saved(page);
      await captureScreen(page, 'roles-forms', 'view-editor', 'ru', 'laptop');
      await page.goto('/builder/forms-views');
      await page.locator('[data-form="deal_form"]').waitFor();
      await captureScreen(page, 'roles-forms', 'forms-list', 'ru', 'laptop');

      // The autosaved draft holds the role, the grant, the form and the view.
      const draft = await harness.runtime.request<DraftApp>('GET', '/api/definitions/draft');
      const role = draft.body.roles?.find((r) => r.name === 'sales_rep');
      expect(role?.label?.ru).toBe('Менеджер по продажам');
      expect(role?.entities?.['deal']).toMatchObject({ create: 'own', read: 'own', update: 'own', delete: 'own' });
      expect(role?.fields).toEqual({ deal: { margin: 'hidden' } });
      const form = draft.body.forms?.find((f) => f.name === 'deal_form');
      expect(form?.sections).toHaveLength(2);
      expect(form?.sections.flatMap((s) => s.fields).find((i) => i.field === 'lost_reason')?.visibleWhen).toBeDefined();
      const dragged = form?.sections[1]?.fields.map((i) => i.field);
      expect(dragged).toContain('amount');
      expect(draft.body.views?.find((v) => v.name === 'deal_list')).toMatchObject({ kind: 'kanban', pipeline: 'sales' });

      // Live: published, a rep and a deal the admin owns; the explainer says why.
      const published = await harness.runtime.request('POST', '/api/definitions/publish', { body: {} });
      expect(published.status).toBe(200);
      const rep = await harness.runtime.request<{ id: string }>('POST', '/api/users', { body: { email: 'rep@example.com', name: 'Ирина Петрова', password: 'rep-password-123', roles: ['sales_rep'] } });
      expect(rep.status).toBe(201);
      const deal = await harness.runtime.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Чужая сделка', amount: 1000, margin: 12 } });
      expect(deal.status).toBe(201);
      await page.goto('/builder/roles/sales_rep?tab=preview');
      await page.locator('[data-input="explain-person"] option', { hasText: 'Ирина Петрова' }).waitFor({ state: 'attached' });
      await page.locator('[data-input="explain-person"]').selectOption(rep.body.id);
      await page.locator('[data-input="explain-id"]').fill(deal.body.id);
      await page.locator('[data-action="explain"]').click();
      await page.locator('[data-explain-answer]').waitFor();
      expect(await page.locator('[data-explain-op="read"]').textContent()).toContain('Запрещено');
      expect(await page.locator('[data-explain-field="margin"]').textContent()).toContain('Скрыто');
      await captureScreen(page, 'roles-forms', 'view-as-role-explained', 'ru', 'laptop');
    } finally {
      await close();
    }
  }, 240_000);

  itScreens('every screen in ru and en at laptop and phone size', async () => {
    const screens: Array<[string, string, string]> = [
      ['role-matrix', '/builder/roles?role=sales_rep', '[data-matrix]'],
      ['role-detail', '/builder/roles/sales_rep?tab=fields', '[data-field-grid]'],
      ['view-as-role', '/builder/roles/sales_rep?tab=preview', '[data-view-as-role]'],
      ['role-sharing', '/builder/roles/sales_rep?tab=sharing', '[data-action="add-sharing-rule"]'],
      ['forms-list', '/builder/forms-views', '[data-form="deal_form"]'],
      ['form-editor', '/builder/forms-views/forms/deal_form?field=lost_reason', '[data-item-panel="lost_reason"]'],
      ['view-editor', '/builder/forms-views/views/deal_list', '[data-view-filter]'],
    ];
    for (const [lang, size] of COMBOS) {
      const { page, close } = await openSignedIn(harness, lang, size, '/builder/roles');
      try {
        for (const [screen, path, ready] of screens) {
          await page.goto(path);
          await page.locator(ready).first().waitFor();
          if (screen === 'role-sharing' && (await page.locator('[data-sharing-rule]').count()) === 0) {
            await page.locator('[data-action="add-sharing-rule"]').click();
            await page.locator('[data-sharing-rule]').waitFor();
          }
          await captureScreen(page, 'roles-forms', `${screen}`, lang, size);
        }
      } finally {
        await close();
      }
    }
  }, 400_000);
});
