import { describe, expect, it } from 'vitest';
import type { WebForm } from '@crm/schemas';
import { parseSubmission } from './web-form-input.parser.js';
import { CONTACT_US, webFormsTestApp } from './webforms.fixtures.js';

/* What a posted body becomes: typed values of the form's fields only, UTM, consent, honeypot, problems. */

const app = webFormsTestApp();
const lead = app.entities[0];
if (!lead) throw new Error('the fixture has no lead entity');
const withDates: WebForm = { ...CONTACT_US, fields: [...CONTACT_US.fields, { field: 'call_at' }] };
lead.fields.push({ name: 'call_at', type: 'datetime' });

describe('web form input parser', () => {
  it('types form-encoded strings by field, drops empty inputs and everything not on the form', () => {
    const parsed = parseSubmission(app, withDates, lead, { full_name: ' Анна ', email: 'a@example.com', employees: '1 200', newsletter: 'on', phone: '', status: 'qualified', owner: 'x', call_at: '2026-12-05T10:30', _consent: 'yes' }, {});
    expect(parsed.values).toEqual({ full_name: 'Анна', email: 'a@example.com', employees: 1200, newsletter: true, call_at: '2026-12-05T07:30:00.000Z' });
    expect(parsed).toMatchObject({ consent: true, honeypotFilled: false, problems: [] });
  });

  it('keeps UTM from hidden inputs before the query, on the entity’s fields of those names', () => {
    const parsed = parseSubmission(app, CONTACT_US, lead, { full_name: 'A', email: 'a@example.com', utm_source: 'vk', _consent: 'yes' }, { utm_source: 'yandex', utm_medium: 'cpc' });
    expect(parsed.utm).toEqual({ utm_source: 'vk', utm_medium: 'cpc' });
    expect(parsed.values).toMatchObject({ utm_source: 'vk' });
    expect(parsed.values).not.toHaveProperty('utm_medium');
  });

  it('names each empty required input and a missing consent, and sees a filled honeypot', () => {
    const parsed = parseSubmission(app, CONTACT_US, lead, { full_name: '  ', _homepage: 'http://spam.example' }, {});
    expect(parsed.problems.map((p) => [p.field, p.code])).toEqual([['full_name', 'REQUIRED'], ['email', 'REQUIRED'], ['_consent', 'CONSENT_REQUIRED']]);
    expect(parsed.honeypotFilled).toBe(true);
  });
});
