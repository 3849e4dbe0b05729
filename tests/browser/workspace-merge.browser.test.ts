import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, casesOfThisRun, openSignedIn, startBrowserHarness, type BrowserHarness, type Lang, type Size } from './browser.support.js';

/*
 * Issue 15 item 3 in the workspace: a contact created through the form with a phone an existing
 * contact already has gets the duplicates notice; "Merge" opens the dialog with both records side
 * by side, the person keeps the older contact, takes the new e-mail from the new one, and after the
 * merge lands on the kept contact with that e-mail and a deal that was the new contact's. The same
 * list's bulk bar offers the merge for two ticked contacts. The dialog is screenshotted in ru and
 * en, on a laptop and a phone.
 */

const TEST = 'workspace-merge';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
});

afterAll(async () => {
  await harness?.close();
});

async function createContact(body: Record<string, unknown>): Promise<string> {
  const res = await harness.runtime.request<{ id: string }>('POST', '/api/records/contact', { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

describe('merging duplicate contacts', () => {
  const cases: ReadonlyArray<readonly [Lang, Size, number]> = [
    ['ru', 'laptop', 1],
    ['en', 'laptop', 2],
    ['ru', 'phone', 3],
    ['en', 'phone', 4],
  ];

  for (const [lang, size, n] of casesOfThisRun(cases)) {
    it(`finds the duplicate after a create and merges it with the person's choices (${lang}, ${size})`, async () => {
      const phone = `+7912345010${n}`;
      const older = await createContact({ first_name: 'Иван', last_name: `Петров-${n}`, phone, position: 'Директор', email: `ivan${n}@old.test` });
      const { page, close } = await openSignedIn(harness, lang, size, '/records/contact/new');
      try {
        await page.locator('[data-record-form]').waitFor();
        await page.locator('#rf-first_name').fill('И.');
        await page.locator('#rf-last_name').fill(`Петров-${n}`);
        await page.locator('#rf-phone').fill(`8 912 345 01 0${n}`);
        await page.locator('#rf-email').fill(`ivan${n}@new.test`);
        const created = page.waitForResponse((r) => r.url().endsWith('/api/records/contact') && r.request().method() === 'POST');
        await page.locator('[data-record-form] [data-save]').click();
        const response = await created;
        expect(response.status()).toBe(201);
        const fresh = ((await response.json()) as { id: string }).id;
        const deal = await harness.runtime.request<{ data: Array<{ id: string }> }>('GET', '/api/records/deal?limit=1');
        const dealId = deal.body.data[0]?.id ?? '';
        expect((await harness.runtime.request('PATCH', `/api/records/deal/${dealId}`, { body: { contact: fresh } })).status).toBe(200);

        await page.locator('[data-duplicates]').waitFor();
        await page.locator('[data-action="merge-duplicates"]').click();
        const dialog = page.locator('[data-merge-dialog]');
        await dialog.locator('[data-merge-field="email"]').waitFor();
        // Keep the older contact; its e-mail would stay unless the person takes the new one.
        await dialog.locator(`[data-merge-survivor][value="${older}"]`).check();
        await dialog.locator(`[data-merge-choice="email:${fresh}"]`).check();
        await expect.poll(() => dialog.locator('[data-merge-summary]').textContent()).toContain(lang === 'ru' ? 'Будут удалены' : 'Deleted');
        await captureScreen(page, TEST, 'merge-dialog', lang, size);

        const merged = page.waitForResponse((r) => r.url().endsWith('/api/records/contact/merge'));
        await page.locator('[data-action="merge-run"]').click();
        expect((await merged).status()).toBe(200);
        await page.waitForURL(`**/records/contact/${older}`);
        await expect.poll(() => page.locator('[data-record-page] [data-field="email"]').textContent()).toContain(`ivan${n}@new.test`);
        await expect.poll(() => page.locator('[data-record-page] [data-field="position"]').textContent()).toContain('Директор');
        if (n === 1) await captureScreen(page, TEST, 'after-merge', lang, size);

        const moved = await harness.runtime.request<{ contact: string }>('GET', `/api/records/deal/${dealId}`);
        expect(moved.body.contact).toBe(older);
        expect((await harness.runtime.request('GET', `/api/records/contact/${fresh}`)).status).toBe(404);
      } finally {
        await close();
      }
    }, 240_000);
  }

  it('offers the merge in the list’s bulk bar for two ticked contacts, and shows a refusal in the dialog', async () => {
    const a = await createContact({ first_name: 'Анна', last_name: 'Слиянова', phone: '+79123459901' });
    const b = await createContact({ first_name: 'А.', last_name: 'Слиянова', phone: '+79123459902', position: 'Юрист' });
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/lists/contact');
    try {
      await page.locator('#list-search').fill('Слиянова');
      const boxes = page.locator('[data-select-row]').and(page.locator('[aria-label*="Слиянова"]'));
      await expect.poll(() => boxes.count()).toBe(2);
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.locator('[data-action="bulk-merge"]').click();
      const dialog = page.locator('[data-merge-dialog]');
      await dialog.locator('[data-merge-field="position"]').waitFor();
      // Someone deletes one of them meanwhile: the merge is refused and says so in the dialog.
      expect((await harness.runtime.request('DELETE', `/api/records/contact/${b}`)).status).toBe(204);
      await page.locator('[data-action="merge-run"]').click();
      await expect.poll(() => dialog.locator('[data-merge-error]').textContent()).toContain('Одной из записей уже нет');
      expect((await harness.runtime.request('GET', `/api/records/contact/${a}`)).status).toBe(200);
    } finally {
      await close();
    }
  }, 240_000);
});
