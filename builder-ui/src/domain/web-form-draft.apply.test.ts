import { describe, expect, it } from 'vitest';
import { validateApp, type App, type Entity } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import { isAppOutline } from './definition-outline.rules.js';
import { addWebForm, newWebForm, publicAddress, removeWebForm, setWebFormEnabled, setWebFormEntity, setWebFormField, setWebFormText, toggleWebFormField } from './web-form-draft.apply.js';

/* Every edit the web forms section makes leaves a valid definition, and undoes exactly. */

function issuesOf(app: App): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => `${i.pointer} ${i.code}`);
}

function run(app: App, change: DraftChange): App {
  const applied = applyDraftChange(app, change, isAppOutline);
  expect(applyDraftChange(applied.document, applied.inverse, isAppOutline).document).toEqual(app);
  return applied.document;
}

const LEAD: Entity = {
  name: 'lead',
  label: { ru: 'Лид', en: 'Lead' },
  fields: [
    { name: 'full_name', type: 'text', required: true },
    { name: 'company', type: 'text' },
    { name: 'email', type: 'email' },
    { name: 'phone', type: 'phone' },
    { name: 'manager', type: 'user' },
    { name: 'score', type: 'formula', expression: '1', resultType: 'number' },
  ],
};
const NOTE: Entity = { name: 'note', label: { en: 'Note' }, fields: [{ name: 'text', type: 'longtext' }] };

const base = (): App => ({ name: 'crm', entities: [structuredClone(LEAD), structuredClone(NOTE)] });

describe('web form draft edits', () => {
  it('adds a form that is valid as it stands: required fields, email, phone and a consent', () => {
    const app = base();
    const form = newWebForm(app, { ru: 'Заявка с сайта', en: 'Site request' }, LEAD);
    expect(form).toMatchObject({ name: 'site_request', entity: 'lead', fields: [{ field: 'full_name' }, { field: 'email' }, { field: 'phone' }] });
    expect(form.consent?.text.ru).toBeTruthy();
    const added = run(app, addWebForm(app, form));
    expect(issuesOf(added)).toEqual([]);
    expect(run(added, addWebForm(added, newWebForm(added, { en: 'Site request' }, LEAD))).webForms?.map((f) => f.name)).toEqual(['site_request', 'site_request_2']);
  });

  it('ticks fields into the entity’s order and never offers an empty form', () => {
    let app = base();
    app = run(app, addWebForm(app, newWebForm(app, { en: 'Contact' }, LEAD)));
    app = run(app, toggleWebFormField(app, 0, 'company', true));
    expect(app.webForms?.[0]?.fields.map((f) => f.field)).toEqual(['full_name', 'company', 'email', 'phone']);
    app = run(app, setWebFormField(app, 0, 'company', { label: { ru: 'Компания', en: 'Company' }, required: true }));
    expect(app.webForms?.[0]?.fields[1]).toEqual({ field: 'company', label: { ru: 'Компания', en: 'Company' }, required: true });
    app = run(app, toggleWebFormField(app, 0, 'phone', false));
    expect(issuesOf(app)).toEqual([]);
    const single = { ...app, webForms: [{ ...app.webForms![0]!, fields: [{ field: 'full_name' }] }] };
    expect(toggleWebFormField(single, 0, 'full_name', false).patches).toEqual([]);
  });

  it('adds the consent when an email is ticked on a form that had none', () => {
    let app = base();
    app = run(app, addWebForm(app, newWebForm(app, { en: 'Notes' }, NOTE)));
    expect(app.webForms?.[0]?.consent).toBeUndefined();
    app = run(app, setWebFormEntity(app, 0, LEAD));
    expect(app.webForms?.[0]?.consent).toBeDefined();
    expect(issuesOf(app)).toEqual([]);
  });

  it('keeps a label and a thank-you, drops an emptied description, and removes the last form', () => {
    let app = base();
    app = run(app, addWebForm(app, newWebForm(app, { en: 'Contact' }, LEAD)));
    app = run(app, setWebFormText(app, 0, 'description', { en: 'Tell us' }));
    app = run(app, setWebFormText(app, 0, 'description', { en: '' }));
    expect(app.webForms?.[0]).not.toHaveProperty('description');
    app = run(app, setWebFormEnabled(app, 0, false));
    expect(app.webForms?.[0]?.enabled).toBe(false);
    app = run(app, setWebFormEnabled(app, 0, true));
    expect(app.webForms?.[0]).not.toHaveProperty('enabled');
    app = run(app, removeWebForm(app, 0));
    expect(app.webForms).toBeUndefined();
  });

  it('gives the public address and the embed snippet', () => {
    expect(publicAddress('https://crm.example', { name: 'contact_us' })).toEqual({
      url: 'https://crm.example/f/contact_us',
      snippet: '<script src="https://crm.example/f/contact_us/embed.js" async></script>',
    });
  });
});
