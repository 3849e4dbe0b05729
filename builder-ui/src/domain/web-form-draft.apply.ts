import type { App, Entity, LocalizedText, WebForm, WebFormConsent, WebFormField } from '@crm/schemas';
import { PERSONAL_DATA_TYPES, webFormFieldChoices, webFormRequiredFields } from '@crm/schemas';
import type { DraftChange, DraftPatch } from './definition-draft.apply.js';
import { nameFromLabel, uniqueName } from './field-name.rules.js';

/*
 * The web forms section's edits as DraftChanges on app.webForms. The fields offered are
 * webFormFieldChoices from @crm/schemas, the table the semantic checks use; the form's fields
 * keep the entity's order, so the checkbox list reads as the page will. A new form starts valid:
 * the fields its entity requires, its email and phone, and a consent when those are personal data.
 * Pure, with a spec beside it (it lives in the section's folder, which this area owns).
 */

export const DEFAULT_CONSENT: LocalizedText = {
  ru: 'Я даю согласие на обработку моих персональных данных',
  en: 'I agree to the processing of my personal data',
};

export const DEFAULT_THANK_YOU: LocalizedText = {
  ru: 'Спасибо! Мы свяжемся с вами в ближайшее время.',
  en: 'Thank you! We will get back to you shortly.',
};

function formAt(app: App, i: number): WebForm {
  const form = app.webForms?.[i];
  if (!form) throw new RangeError(`There is no web form ${i}.`);
  return form;
}

function entityOf(app: App, form: WebForm): Entity | undefined {
  return app.entities.find((e) => e.name === form.entity);
}

/** Fields in the entity's order; labels and required flags of those kept stay. */
function ordered(entity: Entity, fields: readonly WebFormField[]): WebFormField[] {
  const byName = new Map(fields.map((f) => [f.field, f]));
  return entity.fields.flatMap((f) => {
    const kept = byName.get(f.name);
    return kept ? [kept] : [];
  });
}

function collectsPersonalData(entity: Entity, fields: readonly WebFormField[]): boolean {
  return fields.some((item) => PERSONAL_DATA_TYPES.some((t) => t === entity.fields.find((f) => f.name === item.field)?.type));
}

/** What a new form over `entity` asks for: the fields it must, and its email and phone. */
export function starterFields(app: App, entity: Entity): WebFormField[] {
  const required = new Set(webFormRequiredFields(app, entity).map((f) => f.name));
  const choices = webFormFieldChoices(entity);
  const contact = ['email', 'phone'].flatMap((type) => choices.filter((f) => f.type === type).slice(0, 1));
  return choices.filter((f) => required.has(f.name) || contact.includes(f)).map((f) => ({ field: f.name }));
}

export function newWebForm(app: App, label: LocalizedText, entity: Entity): WebForm {
  const name = uniqueName(nameFromLabel(label.en ?? label.ru ?? 'form', 'form'), (app.webForms ?? []).map((f) => f.name));
  const fields = starterFields(app, entity);
  return {
    name,
    label,
    entity: entity.name,
    fields: fields.length > 0 ? fields : webFormFieldChoices(entity).slice(0, 1).map((f) => ({ field: f.name })),
    ...(collectsPersonalData(entity, fields) ? { consent: { text: { ...DEFAULT_CONSENT } } } : {}),
    thankYou: { ...DEFAULT_THANK_YOU },
  };
}

export function addWebForm(app: App, form: WebForm): DraftChange {
  const patch = app.webForms ? { op: 'insert' as const, path: ['webForms', app.webForms.length], value: form } : { op: 'set' as const, path: ['webForms'], value: [form] };
  return { label: `Add web form ${form.name}`, patches: [patch] };
}

export function removeWebForm(app: App, i: number): DraftChange {
  const form = formAt(app, i);
  return { label: `Delete web form ${form.name}`, patches: [app.webForms?.length === 1 ? { op: 'set', path: ['webForms'], value: undefined } : { op: 'remove', path: ['webForms', i] }] };
}

export type WebFormText = 'label' | 'description' | 'thankYou' | 'submitLabel';

/** A text of the form; an empty one is dropped unless the form needs it (label, thank-you). */
export function setWebFormText(app: App, i: number, key: WebFormText, text: LocalizedText): DraftChange {
  const form = formAt(app, i);
  const empty = !text.en && !text.ru;
  const value = empty && key !== 'label' && key !== 'thankYou' ? undefined : text;
  return { label: `Web form ${form.name}: ${key}`, patches: [{ op: 'set', path: ['webForms', i, key], value }] };
}

/** Another entity: the fields start over from what the new entity needs. */
export function setWebFormEntity(app: App, i: number, entity: Entity): DraftChange {
  const form = formAt(app, i);
  const fields = starterFields(app, entity);
  const consent = form.consent ?? (collectsPersonalData(entity, fields) ? { text: { ...DEFAULT_CONSENT } } : undefined);
  const next: WebForm = { ...form, entity: entity.name, fields: fields.length > 0 ? fields : webFormFieldChoices(entity).slice(0, 1).map((f) => ({ field: f.name })) };
  if (consent) next.consent = consent;
  return { label: `Web form ${form.name}: over ${entity.name}`, patches: [{ op: 'set', path: ['webForms', i], value: next }] };
}

/** Ticks or unticks a field; ticking an email or phone adds the consent the form then needs. */
export function toggleWebFormField(app: App, i: number, field: string, on: boolean): DraftChange {
  const form = formAt(app, i);
  const entity = entityOf(app, form);
  if (!entity) return { label: 'Nothing', patches: [] };
  const others = form.fields.filter((f) => f.field !== field);
  const fields = ordered(entity, on ? [...others, { field }] : others);
  if (fields.length === 0) return { label: 'Nothing', patches: [] };
  const patches: DraftPatch[] = [{ op: 'set', path: ['webForms', i, 'fields'], value: fields }];
  if (on && !form.consent && collectsPersonalData(entity, fields)) patches.push({ op: 'set', path: ['webForms', i, 'consent'], value: { text: { ...DEFAULT_CONSENT } } });
  return { label: `Web form ${form.name}: ${on ? 'ask' : 'drop'} ${field}`, patches };
}

export function setWebFormField(app: App, i: number, field: string, change: { label?: LocalizedText | undefined; required?: boolean }): DraftChange {
  const form = formAt(app, i);
  const fields = form.fields.map((f) => {
    if (f.field !== field) return f;
    const next: WebFormField = { field: f.field };
    const label = 'label' in change ? change.label : f.label;
    const required = 'required' in change ? change.required : f.required;
    if (label && (label.en || label.ru)) next.label = label;
    if (required) next.required = true;
    return next;
  });
  return { label: `Web form ${form.name}: ${field}`, patches: [{ op: 'set', path: ['webForms', i, 'fields'], value: fields }] };
}

/** A switched-off form stays in the definition; its public address answers 404 until it is on again. */
export function setWebFormEnabled(app: App, i: number, enabled: boolean): DraftChange {
  return { label: `Web form ${formAt(app, i).name}: ${enabled ? 'on' : 'off'}`, patches: [{ op: 'set', path: ['webForms', i, 'enabled'], value: enabled ? undefined : false }] };
}

export function setWebFormConsent(app: App, i: number, consent: WebFormConsent | undefined): DraftChange {
  return { label: `Web form ${formAt(app, i).name}: consent`, patches: [{ op: 'set', path: ['webForms', i, 'consent'], value: consent }] };
}

/** The page's address and the snippet a site pastes, for a form served from `origin`. */
export function publicAddress(origin: string, form: Pick<WebForm, 'name'>): { url: string; snippet: string } {
  const url = `${origin}/f/${encodeURIComponent(form.name)}`;
  return { url, snippet: `<script src="${url}/embed.js" async></script>` };
}
