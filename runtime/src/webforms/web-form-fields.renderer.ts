import type { Entity, Field, WebForm } from '@crm/schemas';
import { UTM_PARAMETERS } from '@crm/schemas';
import type { ErrorDetail } from '../errors/index.js';
import { CONSENT_INPUT, HONEYPOT_INPUT, LOCALE_INPUT } from './web-form-input.parser.js';
import type { WebFormLocale } from './web-form-locale.policy.js';

/*
 * The <form> of a web form, as plain HTML that works without JavaScript: one labelled input per
 * field (the field's type decides the input), the consent checkbox, the honeypot (out of sight and
 * out of the tab order, named like a real input so bots fill it), the page's language and the UTM
 * parameters as hidden inputs, and each error under its input, linked by aria-describedby. Every
 * text that reaches the markup is escaped.
 */

export interface FormMarkupInput {
  form: WebForm;
  entity: Entity;
  locale: WebFormLocale;
  action: string;
  /** What the visitor typed, kept when the page comes back with errors. */
  values?: Record<string, unknown>;
  errors?: readonly ErrorDetail[];
  utm?: Record<string, string>;
}

const WORDS = {
  submit: { ru: 'Отправить', en: 'Send' },
  required: { ru: 'обязательно', en: 'required' },
  honeypot: { ru: 'Не заполняйте это поле', en: 'Leave this field empty' },
  choose: { ru: '— выберите —', en: '— choose —' },
} as const;

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function localized(text: { ru?: string; en: string } | undefined, locale: WebFormLocale): string {
  if (!text) return '';
  return (locale === 'ru' ? text.ru : undefined) ?? text.en;
}

function errorFor(errors: readonly ErrorDetail[], name: string, locale: WebFormLocale): string | undefined {
  const found = errors.find((e) => e.field === name);
  if (!found) return undefined;
  return locale === 'ru' && typeof found.message_ru === 'string' ? found.message_ru : found.message;
}

const INPUT_TYPES: Partial<Record<Field['type'], string>> = {
  email: 'email',
  phone: 'tel',
  url: 'url',
  integer: 'number',
  number: 'number',
  money: 'number',
  percent: 'number',
  date: 'date',
  datetime: 'datetime-local',
};

const AUTOCOMPLETE: Partial<Record<Field['type'], string>> = { email: 'email', phone: 'tel', url: 'url' };

function optionLabel(option: { value: string; label?: { ru?: string; en: string } }, locale: WebFormLocale): string {
  return option.label ? localized(option.label, locale) : option.value;
}

function optionsOf(field: Field): Array<{ value: string; label?: { ru?: string; en: string } }> {
  return 'options' in field && Array.isArray(field.options) ? field.options : [];
}

function control(field: Field, id: string, value: unknown, attrs: string, locale: WebFormLocale): string {
  const name = escapeHtml(field.name);
  if (field.type === 'longtext') return `<textarea id="${id}" name="${name}" rows="4"${attrs}>${escapeHtml(value)}</textarea>`;
  if (field.type === 'enum') {
    const options = optionsOf(field)
      .map((o) => `<option value="${escapeHtml(o.value)}"${o.value === value ? ' selected' : ''}>${escapeHtml(optionLabel(o, locale))}</option>`)
      .join('');
    return `<select id="${id}" name="${name}"${attrs}><option value="">${WORDS.choose[locale]}</option>${options}</select>`;
  }
  const type = INPUT_TYPES[field.type] ?? 'text';
  const step = field.type === 'integer' ? ' step="1"' : type === 'number' ? ' step="any"' : '';
  const autocomplete = AUTOCOMPLETE[field.type] ? ` autocomplete="${AUTOCOMPLETE[field.type]}"` : '';
  const shown = value === undefined || value === null ? '' : ` value="${escapeHtml(value)}"`;
  return `<input id="${id}" name="${name}" type="${type}"${step}${autocomplete}${shown}${attrs}>`;
}

function fieldMarkup(input: FormMarkupInput, field: Field, label: string, mandatory: boolean): string {
  const { locale } = input;
  const id = `wf-${field.name}`;
  const error = errorFor(input.errors ?? [], field.name, locale);
  const errorId = `${id}-error`;
  const errorLine = error ? `<p class="wf-error" id="${errorId}">${escapeHtml(error)}</p>` : '';
  const marks = `${mandatory ? ' required' : ''}${error ? ` aria-invalid="true" aria-describedby="${errorId}"` : ''}`;
  const star = mandatory ? ` <span class="wf-required" aria-hidden="true">*</span><span class="wf-sr">(${WORDS.required[locale]})</span>` : '';
  const value = input.values?.[field.name];
  if (field.type === 'boolean') {
    return `<div class="wf-field wf-check"><input id="${id}" name="${escapeHtml(field.name)}" type="checkbox" value="yes"${value === true || value === 'yes' ? ' checked' : ''}${marks}><label for="${id}">${escapeHtml(label)}${star}</label>${errorLine}</div>`;
  }
  if (field.type === 'multienum') {
    const chosen = Array.isArray(value) ? value : [value];
    const boxes = optionsOf(field)
      .map((o, i) => `<label class="wf-option"><input name="${escapeHtml(field.name)}" type="checkbox" value="${escapeHtml(o.value)}" id="${id}-${i}"${chosen.includes(o.value) ? ' checked' : ''}> ${escapeHtml(optionLabel(o, locale))}</label>`)
      .join('');
    const described = error ? ` aria-describedby="${errorId}"` : '';
    return `<fieldset class="wf-field"${described}><legend>${escapeHtml(label)}${star}</legend>${boxes}${errorLine}</fieldset>`;
  }
  return `<div class="wf-field"><label for="${id}">${escapeHtml(label)}${star}</label>${control(field, id, value, marks, locale)}${errorLine}</div>`;
}

/** The inputs a form asks for, with the labels the page shows: the form's own, else the field's. */
export function formFields(form: WebForm, entity: Entity, requiredByEntity: ReadonlySet<string>): Array<{ field: Field; label: { ru?: string; en: string }; mandatory: boolean }> {
  return form.fields.flatMap((item) => {
    const field = entity.fields.find((f) => f.name === item.field);
    if (!field) return [];
    return [{ field, label: item.label ?? field.label ?? { en: field.name }, mandatory: item.required === true || requiredByEntity.has(field.name) }];
  });
}

export function renderFormMarkup(input: FormMarkupInput, requiredByEntity: ReadonlySet<string>): string {
  const { form, entity, locale } = input;
  const parts = formFields(form, entity, requiredByEntity).map(({ field, label, mandatory }) => fieldMarkup(input, field, localized(label, locale), mandatory && field.type !== 'boolean'));
  if (form.consent) {
    const error = errorFor(input.errors ?? [], CONSENT_INPUT, locale);
    const errorLine = error ? `<p class="wf-error" id="wf-consent-error">${escapeHtml(error)}</p>` : '';
    const mandatory = form.consent.required !== false;
    const marks = `${mandatory ? ' required' : ''}${error ? ' aria-invalid="true" aria-describedby="wf-consent-error"' : ''}`;
    parts.push(`<div class="wf-field wf-check wf-consent"><input id="wf-consent" name="${CONSENT_INPUT}" type="checkbox" value="yes"${marks}><label for="wf-consent">${escapeHtml(localized(form.consent.text, locale))}</label>${errorLine}</div>`);
  }
  parts.push(`<div class="wf-hp" aria-hidden="true"><label for="wf-hp">${WORDS.honeypot[locale]}</label><input id="wf-hp" name="${HONEYPOT_INPUT}" type="text" tabindex="-1" autocomplete="off"></div>`);
  parts.push(`<input type="hidden" name="${LOCALE_INPUT}" value="${locale}">`);
  for (const name of UTM_PARAMETERS) {
    const value = input.utm?.[name];
    if (value !== undefined) parts.push(`<input type="hidden" name="${name}" value="${escapeHtml(value)}">`);
  }
  const submit = form.submitLabel ? localized(form.submitLabel, locale) : WORDS.submit[locale];
  parts.push(`<button type="submit" class="wf-submit">${escapeHtml(submit)}</button>`);
  return `<form class="wf-form" method="post" action="${escapeHtml(input.action)}" accept-charset="utf-8">${parts.join('\n')}</form>`;
}
