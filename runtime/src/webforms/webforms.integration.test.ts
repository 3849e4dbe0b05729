import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { webFormsTestApp } from './webforms.fixtures.js';

/*
 * Web forms over real HTTP, as a site and a visitor use them: the page, a form-encoded post that
 * creates a lead and starts its process, the JSON API, and every refusal (honeypot, invalid input,
 * flood, unknown form) writing nothing.
 */

interface Lead {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  employees: number | null;
  newsletter: boolean | null;
  status: string;
  owner: string | null;
  utm_source: string | null;
  utm_campaign: string | null;
}

interface ErrorBody {
  error: { code: string; details: Array<{ field: string; code: string; message: string; message_ru?: string }> };
}

const CONSENTED = { _consent: 'yes' };

describe.each(testDatabaseKinds())('web forms on %s', (kind) => {
  let rt: TestRuntime;
  let adminId: string;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: webFormsTestApp() });
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function count(table: string): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex(table).count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }
  const written = async () => ({ leads: await count('rec_lead'), submissions: await count('web_form_submissions') });

  function post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    return fetch(rt.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  }

  async function leadByEmail(email: string): Promise<Lead | undefined> {
    const filter = encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: email }));
    return (await rt.request<{ data: Lead[] }>('GET', `/api/records/lead?filter=${filter}`)).body.data[0];
  }

  it('serves the form as an accessible page in the visitor’s language, under a CSP with no script', async () => {
    const res = await fetch(`${rt.baseUrl}/f/contact_us?utm_source=yandex&utm_campaign=spring`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self'/);
    const html = await res.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<label for="wf-full_name">Как вас зовут');
    expect(html).toContain('<input id="wf-email" name="email" type="email" autocomplete="email" required>');
    expect(html).toContain('Я согласен на обработку персональных данных');
    expect(html).toContain('name="_homepage"');
    expect(html).toContain('<input type="hidden" name="utm_source" value="yandex">');
    expect(html).not.toContain('<script');
    const english = await (await fetch(`${rt.baseUrl}/f/contact_us`, { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
    expect(english).toContain('<label for="wf-full_name">Your name');
    expect(english).toContain('A demo');
  });

  it('turns a form-encoded submission into a lead owned by the form’s owner, keeps consent and campaign, and starts the lead’s process', async () => {
    const res = await post('/f/contact_us?utm_source=yandex&utm_campaign=spring', {
      full_name: 'Анна Петрова',
      email: 'anna@example.com',
      phone: '8 (912) 345-67-89',
      interest: 'demo',
      employees: '25',
      newsletter: 'yes',
      _homepage: '',
      _lang: 'ru',
      ...CONSENTED,
    }, { accept: 'text/html' });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('Спасибо! Мы скоро свяжемся с вами.');

    const lead = await leadByEmail('anna@example.com');
    expect(lead).toMatchObject({ full_name: 'Анна Петрова', phone: '+79123456789', employees: 25, newsletter: true, status: 'new', owner: adminId, utm_source: 'yandex', utm_campaign: 'spring' });
    const submission = await rt.db.knex('web_form_submissions').where({ record_id: lead?.id }).first();
    expect(submission).toMatchObject({ form: 'contact_us', entity: 'lead', address: '127.0.0.1', locale: 'ru', consent_text: 'Я согласен на обработку персональных данных', utm: { utm_source: 'yandex', utm_campaign: 'spring' } });
    expect(submission?.consented_at).toBeTruthy();
    const runs = await rt.request<{ data: Array<{ status: string }> }>('GET', `/api/processes/welcome_lead/runs?recordId=${lead?.id}`);
    expect(runs.body.data).toHaveLength(1);
    const history = await rt.request<{ data: Array<{ action: string; process?: unknown; actor?: unknown }> }>('GET', `/api/records/lead/${lead?.id}/history`);
    expect(JSON.stringify(history.body.data[0])).toContain('web-form:contact_us');
  });

  it('takes JSON at /api/web-forms/:name from any origin, and sets nothing but the form’s fields', async () => {
    const preflight = await fetch(`${rt.baseUrl}/api/web-forms/contact_us`, { method: 'OPTIONS', headers: { origin: 'https://site.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const res = await fetch(`${rt.baseUrl}/api/web-forms/contact_us?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://site.example' },
      body: JSON.stringify({ full_name: 'John Smith', email: 'john@example.com', status: 'qualified', owner: null, utm_source: 'google', ...CONSENTED }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await res.json()).toEqual({ accepted: true, message: 'Thank you! We will be in touch soon.' });
    expect(await leadByEmail('john@example.com')).toMatchObject({ status: 'new', owner: adminId, utm_source: 'google' });

    const described = await rt.request<{ fields: Array<{ name: string; required: boolean }>; consent: { input: string }; honeypot: string }>('GET', '/api/web-forms/contact_us', { token: null });
    expect(described.body.fields.map((f) => [f.name, f.required])).toEqual([['full_name', true], ['email', true], ['phone', false], ['interest', false], ['employees', false], ['newsletter', false]]);
    expect(described.body).toMatchObject({ consent: { input: '_consent' }, honeypot: '_homepage' });
    expect(JSON.stringify(described.body)).not.toMatch(/admin@example\.com|rateLimit/);
  });

  it('refuses a submission that filled the honeypot, and writes nothing', async () => {
    const before = await written();
    const res = await post('/f/contact_us', { full_name: 'Bot', email: 'bot@example.com', _homepage: 'http://spam.example', ...CONSENTED });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('SPAM_SUSPECTED');
    expect(await written()).toEqual(before);
  });

  it('answers invalid input with 422 and a detail per input, in ru and en, and writes nothing', async () => {
    const before = await written();
    const missing = await post('/f/contact_us', { email: 'x@example.com' });
    expect(missing.status).toBe(422);
    const body = (await missing.json()) as ErrorBody;
    expect(body.error.code).toBe('WEB_FORM_INVALID');
    expect(body.error.details.map((d) => [d.field, d.code])).toEqual([['full_name', 'REQUIRED'], ['_consent', 'CONSENT_REQUIRED']]);
    expect(body.error.details[0]?.message_ru).toBe('Заполните это поле.');

    const wrong = await post('/f/contact_us', { full_name: 'Ivan', email: 'not-an-email', employees: 'many', ...CONSENTED });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as ErrorBody).error.details.map((d) => d.field).sort()).toEqual(['email', 'employees']);

    const page = await post('/f/contact_us?lang=en', { full_name: 'Ivan', email: 'not-an-email', ...CONSENTED }, { accept: 'text/html' });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toMatch(/<input id="wf-email" name="email" type="email" autocomplete="email" value="not-an-email" required aria-invalid="true" aria-describedby="wf-email-error">/);
    expect(html).toContain('<p class="wf-error" id="wf-email-error">');
    expect(html).toContain('value="Ivan"');
    expect(await written()).toEqual(before);
  });

  it('refuses a flood from one address with 429 and Retry-After, counting refused attempts too', async () => {
    const before = await written();
    const send = (n: number) => post('/f/flood', { full_name: `Flood ${n}`, email: `flood${n}@example.com`, ...CONSENTED });
    expect((await send(1)).status).toBe(201);
    expect((await send(2)).status).toBe(201);
    const third = await send(3);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await third.json()) as ErrorBody).error.details[0]?.code).toBe('RATE_LIMITED');
    // A person who sent the form from a page sees the form's title over the reason, not a status code.
    const page = await post('/f/flood?lang=en', { full_name: 'Flood 4', email: 'flood4@example.com', ...CONSENTED }, { accept: 'text/html' });
    expect(page.status).toBe(429);
    const html = await page.text();
    expect(html).toContain('<h1>Get in touch</h1>');
    expect(html).toMatch(/<p class="wf-alert" role="alert">Too many submissions[^<]*<\/p>/);
    const after = await written();
    expect(after).toEqual({ leads: before.leads + 2, submissions: before.submissions + 2 });
  });

  it('answers 404 for an unknown or switched-off form, and serves the embed script', async () => {
    const missing = await fetch(`${rt.baseUrl}/f/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<h1>Форма не найдена</h1>');
    expect(await (await fetch(`${rt.baseUrl}/f/nope?lang=en`)).text()).toContain('<h1>Form not found</h1>');
    expect((await fetch(`${rt.baseUrl}/f/closed`)).status).toBe(404);
    expect((await post('/api/web-forms/closed', { full_name: 'X', ...CONSENTED })).status).toBe(404);
    const script = await fetch(`${rt.baseUrl}/f/contact_us/embed.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const text = await script.text();
    expect(text).toContain("'/f/' + \"contact_us\"");
    expect(text).toContain('utm_campaign');
  });
});
