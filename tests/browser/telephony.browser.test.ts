import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, captureScreen, casesOfThisRun, COMBOS, openSignedIn, startBrowserHarness, type BrowserHarness } from './browser.support.js';

/*
 * Issue 15, telephony, in Chromium on the b2b-sales app: an admin creates a PBX integration in the
 * builder and copies its one-time secret and address, sets the click-to-call address (a loopback
 * test PBX allowed in /api/settings/outbound) and their own extension; the PBX posts a finished
 * call with that secret; the contact's timeline shows it (incoming, answered, 01:15, recording);
 * Call on the contact's phone asks the test PBX to connect extension 100 and says "Соединяем…".
 * Screenshots ru/en x laptop/phone of the integration page and the contact with the call.
 */

let harness: BrowserHarness;
let pbx: Server;
let pbxUrl: string;
const pbxCalls: unknown[] = [];

beforeAll(async () => {
  harness = await startBrowserHarness('b2b-sales');
  pbx = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      pbxCalls.push(JSON.parse(text));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
  pbxUrl = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}/call`;
  expect((await harness.runtime.request('PUT', '/api/settings/outbound', { body: { allowHosts: ['127.0.0.1'] } })).status).toBe(200);
}, 300_000);

afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => pbx?.close(resolve));
});

describe('telephony', () => {
  it('an integration made in the builder takes a PBX call onto the contact’s timeline, and Call asks the PBX to connect', async () => {
    const contact = await harness.runtime.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: 'Ольга', last_name: 'Звонкова', phone: '+7 916 555-01-02' } });
    expect(contact.status).toBe(201);
    const { page, close } = await openSignedIn(harness, 'ru', 'laptop', '/builder/telephony');
    await page.locator('#new-telephony-name').fill('office');
    await page.locator('[data-action="add-telephony"]').click();
    const secret = (await page.locator('[data-telephony-value="secret"]').textContent()) ?? '';
    const url = (await page.locator('[data-telephony-value="url"]').textContent()) ?? '';
    expect(secret).toMatch(/^crm_pbx_/);
    expect(url).toMatch(/\/api\/telephony\/office\/events$/);
    expect(await page.locator('[data-telephony-value="curl"]').textContent()).toContain(`Bearer ${secret}`);
    await captureScreen(page, 'telephony', 'created', 'ru', 'laptop');
    await page.locator('[data-action="secret-saved"]').click();
    expect(await page.locator('[data-telephony-secret]').count()).toBe(0);

    await page.locator('[data-telephony-integration="office"]').click();
    await page.locator('#tel-click-url').fill('ftp://pbx');
    await page.locator('[data-action="save-telephony"]').click();
    await expect.poll(() => page.locator('#tel-click-url-error').textContent()).toContain('http(s)');
    await page.locator('#tel-click-url').fill(pbxUrl);
    await page.locator('[data-action="save-telephony"]').click();
    await page.locator('.tel-saved').waitFor();
    const adminRow = page.locator(`[data-person="${ADMIN_EMAIL}"]`);
    await adminRow.locator('input').fill('100');
    await adminRow.locator('button[type="submit"]').click();
    await expect.poll(() => adminRow.locator('button[type="submit"]').isDisabled()).toBe(true);
    expect((await harness.runtime.request('GET', '/api/telephony/my-line')).body).toEqual({ integration: 'office', extension: '100' });

    // The PBX, as its admin set it up from the screen: the address and secret shown once.
    const event = await page.request.post(url, {
      headers: { authorization: `Bearer ${secret}` },
      data: { callId: 'b1', event: 'ended', from: '89165550102', to: '100', duration: 75, recordingUrl: 'https://pbx.example.com/rec/b1.mp3' },
    });
    expect(event.status()).toBe(201);
    await close();

    for (const [lang, size] of casesOfThisRun(COMBOS)) {
      const shown = await openSignedIn(harness, lang, size, '/builder/telephony/office');
      await shown.page.locator('[data-telephony-extensions] tbody tr').first().waitFor();
      await captureScreen(shown.page, 'telephony', 'integration', lang, size);
      await shown.page.goto(`/records/contact/${contact.body.id}`);
      const call = shown.page.locator('[data-timeline] [data-call]').first();
      await call.waitFor();
      expect(await call.textContent()).toContain('01:15');
      expect(await call.textContent()).toContain(lang === 'ru' ? 'Входящий' : 'Incoming');
      expect(await call.locator('a').getAttribute('href')).toBe('https://pbx.example.com/rec/b1.mp3');
      await shown.page.locator('[data-action="click-to-call"]').first().waitFor();
      await captureScreen(shown.page, 'telephony', 'record-call', lang, size);
      await shown.close();
    }

    const { page: caller, close: done } = await openSignedIn(harness, 'ru', 'laptop', `/records/contact/${contact.body.id}`);
    await caller.locator('[data-action="click-to-call"]').first().click();
    await expect.poll(() => caller.locator('[data-call-status]').first().textContent()).toBe('Соединяем…');
    await expect.poll(() => pbxCalls).toEqual([{ extension: '100', number: '+79165550102', integration: 'office' }]);
    await done();
  }, 420_000);
});
