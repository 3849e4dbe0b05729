import { describe, expect, it } from 'vitest';
import type { App, WebForm } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';
import { webFormFieldChoices, webFormRequiredFields } from './web-form.rules.js';

/* The web form rules as validateApp reports them: code, pointer, and a message in both languages. */

const CONTACT_US: WebForm = {
  name: 'contact_us',
  label: { ru: 'Свяжитесь с нами', en: 'Contact us' },
  entity: 'contact',
  fields: [{ field: 'full_name' }, { field: 'email', required: true }, { field: 'phone', label: { ru: 'Телефон', en: 'Phone' } }],
  consent: { text: { ru: 'Я согласен на обработку персональных данных', en: 'I agree to the processing of my personal data' } },
  thankYou: { ru: 'Спасибо!', en: 'Thank you!' },
};

function withForm(change: Partial<WebForm>): App {
  const app = fullApp();
  app.webForms = [{ ...structuredClone(CONTACT_US), ...change }];
  return app;
}

function issuesOf(app: App): Array<[string, string]> {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.pointer]);
}

describe('web form rules', () => {
  it('accepts a form over fields a visitor can fill in, with a consent', () => {
    expect(issuesOf(withForm({}))).toEqual([]);
  });

  it('names an unknown entity at its pointer, in Russian and English', () => {
    const result = validateApp(withForm({ entity: 'lead' }));
    expect(result.ok).toBe(false);
    const found = result.ok ? undefined : result.issues.find((i) => i.code === 'UNKNOWN_ENTITY');
    expect(found?.pointer).toBe('/webForms/0/entity');
    expect(found?.message.ru).toContain('«lead»');
    expect(found?.message.en).toContain('"lead"');
  });

  it('refuses unknown, repeated, unfillable and read-only fields, each at its own pointer', () => {
    const app = withForm({ fields: [{ field: 'full_name' }, { field: 'nickname' }, { field: 'full_name' }, { field: 'company' }] });
    expect(issuesOf(app)).toEqual([
      ['UNKNOWN_FIELD', '/webForms/0/fields/1/field'],
      ['DUPLICATE_NAME', '/webForms/0/fields/2/field'],
      ['NOT_FILLABLE', '/webForms/0/fields/3/field'],
    ]);
    const readOnly = withForm({});
    const contact = readOnly.entities.find((e) => e.name === 'contact');
    contact?.fields.push({ name: 'score', type: 'integer', readOnly: true });
    readOnly.webForms?.[0]?.fields.push({ field: 'score' });
    expect(issuesOf(readOnly)).toEqual([['READ_ONLY_FIELD', '/webForms/0/fields/3/field']]);
  });

  it('asks for every field the entity requires unless a default or a pipeline fills it in', () => {
    expect(issuesOf(withForm({ fields: [{ field: 'email' }] }))).toEqual([['REQUIRED_FIELD_MISSING', '/webForms/0/fields']]);
    const deals = withForm({ entity: 'deal', fields: [{ field: 'title' }, { field: 'contact_email' }] });
    // stage is required but its pipeline starts every deal in the first stage; quantity has a default.
    expect(issuesOf(deals)).toEqual([]);
    const app = fullApp();
    const deal = app.entities.find((e) => e.name === 'deal');
    expect(deal && webFormRequiredFields(app, deal).map((f) => f.name)).toEqual(['title']);
    expect(deal && webFormFieldChoices(deal).map((f) => f.type)).not.toContain('relation');
  });

  it('wants a consent, worded in Russian, on a form that collects an email or a phone', () => {
    const { consent: _dropped, ...withoutConsent } = CONTACT_US;
    const app = fullApp();
    app.webForms = [withoutConsent];
    expect(issuesOf(app)).toEqual([['CONSENT_MISSING', '/webForms/0']]);
    expect(issuesOf(withForm({ consent: { text: { en: 'I agree' } } }))).toEqual([['CONSENT_TEXT_MISSING', '/webForms/0/consent/text']]);
    const nameOnly = fullApp();
    nameOnly.webForms = [{ ...withoutConsent, fields: [{ field: 'full_name' }] }];
    expect(issuesOf(nameOnly)).toEqual([]);
  });

  it('refuses a second form of the same name, and a shape the schema does not allow', () => {
    const app = withForm({});
    app.webForms?.push(structuredClone(CONTACT_US));
    expect(issuesOf(app)).toEqual([['DUPLICATE_NAME', '/webForms/1/name']]);
    expect(validateApp(withForm({ fields: [] })).ok).toBe(false);
  });
});
