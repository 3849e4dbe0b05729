import crypto from 'node:crypto';
import type { WebForm } from '@crm/schemas';
import { escapeHtml, localized, renderFormMarkup, type FormMarkupInput } from './web-form-fields.renderer.js';
import type { WebFormLocale } from './web-form-locale.policy.js';

/*
 * The public pages of a web form, rendered on the server: the form, the thank-you, and a short
 * message for a refusal (unknown form, too many submissions). No script at all; the one style
 * sheet is inline and allowed by its hash, so the page runs under a CSP of default-src 'none'.
 * The page may be framed by any site (the embed script puts it in an iframe), and posts only to
 * itself.
 */

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:560px;margin:0 auto;padding:24px 16px}
.wf-card{background:#fff;border:1px solid #d9e2ec;border-radius:12px;padding:24px}
h1{font-size:1.5rem;margin:0 0 8px}
.wf-lead{margin:0 0 16px;color:#52606d}
.wf-langs{text-align:right;font-size:.875rem;margin:0 0 8px}
.wf-langs a{color:#2f5fd0;margin-left:8px}
.wf-field{margin:0 0 16px;border:0;padding:0}
.wf-field>label,legend{display:block;font-weight:600;margin:0 0 4px}
input[type=text],input[type=email],input[type=tel],input[type=url],input[type=number],input[type=date],input[type=datetime-local],select,textarea{width:100%;font:inherit;padding:10px 12px;border:1px solid #9aa5b1;border-radius:8px;background:#fff}
input:focus,select:focus,textarea:focus,button:focus{outline:3px solid #9bb8f5;outline-offset:1px}
[aria-invalid=true]{border-color:#c62828}
.wf-check{display:flex;gap:8px;align-items:flex-start}
.wf-check input{margin-top:4px;width:18px;height:18px;flex:none}
.wf-check label{font-weight:400;flex:1 1 0;min-width:0}
.wf-check .wf-error{flex-basis:100%}
.wf-check{flex-wrap:wrap}
.wf-option{display:block;font-weight:400}
.wf-consent{font-size:.875rem;color:#3e4c59}
.wf-required{color:#c62828}
.wf-error{color:#c62828;margin:4px 0 0;font-size:.875rem}
.wf-alert{background:#fdecea;color:#8a1c1c;border-radius:8px;padding:12px;margin:0 0 16px}
.wf-sr,.wf-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.wf-submit{font:inherit;font-weight:600;color:#fff;background:#2f5fd0;border:0;border-radius:8px;padding:12px 20px;cursor:pointer;width:100%}
.wf-submit:hover{background:#244bb0}
.wf-done{font-size:1.125rem}
`;

const STYLE_HASH = crypto.createHash('sha256').update(CSS).digest('base64');

/** The page's Content-Security-Policy: nothing but its own inline style and a POST to itself. */
export const WEB_FORM_PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors *; base-uri 'none'`;

const WORDS = {
  fix: { ru: 'Проверьте выделенные поля.', en: 'Please check the highlighted fields.' },
  language: { ru: 'Язык', en: 'Language' },
  notFound: { ru: 'Форма не найдена', en: 'Form not found' },
} as const;

function page(title: string, locale: WebFormLocale, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function languageLinks(path: string, locale: WebFormLocale, query: URLSearchParams): string {
  const link = (to: WebFormLocale, text: string) => {
    const params = new URLSearchParams(query);
    params.set('lang', to);
    return to === locale ? `<span aria-current="true">${text}</span>` : `<a href="${escapeHtml(`${path}?${params.toString()}`)}" hreflang="${to}" lang="${to}">${text}</a>`;
  };
  return `<nav class="wf-langs" aria-label="${WORDS.language[locale]}">${link('ru', 'Русский')} ${link('en', 'English')}</nav>`;
}

export interface FormPageInput extends FormMarkupInput {
  /** The page's own path (/f/<name>), for the language links. */
  path: string;
  /** The query the page was opened with (UTM, embed), kept by the language links. */
  query: URLSearchParams;
}

export function renderFormPage(input: FormPageInput, requiredByEntity: ReadonlySet<string>): string {
  const { form, locale } = input;
  const title = localized(form.label, locale);
  const alert = input.errors && input.errors.length > 0 ? `<p class="wf-alert" role="alert">${WORDS.fix[locale]}</p>` : '';
  const lead = form.description ? `<p class="wf-lead">${escapeHtml(localized(form.description, locale))}</p>` : '';
  const body = `${languageLinks(input.path, locale, input.query)}<div class="wf-card"><h1>${escapeHtml(title)}</h1>${lead}${alert}${renderFormMarkup(input, requiredByEntity)}</div>`;
  return page(title, locale, body);
}

export function renderThankYouPage(form: WebForm, locale: WebFormLocale): string {
  const title = localized(form.label, locale);
  return page(title, locale, `<div class="wf-card"><h1>${escapeHtml(title)}</h1><p class="wf-done" role="status">${escapeHtml(localized(form.thankYou, locale))}</p></div>`);
}

/**
 * A refusal the visitor can read (too many submissions, spam, no such form), headed by the form's
 * own title, or by "form not found" when there is none: a status code is no heading for a person.
 */
export function renderMessagePage(form: WebForm | null, message: string, locale: WebFormLocale): string {
  const title = form ? localized(form.label, locale) : WORDS.notFound[locale];
  return page(title, locale, `<div class="wf-card"><h1>${escapeHtml(title)}</h1><p class="wf-alert" role="alert">${escapeHtml(message)}</p></div>`);
}
