import { numberFormatProblem, TEXT_TEMPLATE_NAME_PATTERN, type ApiErrorDetail, type NumberFormatProblem, type UiLocale } from '@crm/schemas';
import type { TextTemplateInput, TextTemplateKind } from '../api/text-templates.api.js';

/*
 * The template editor's rules: a new template's name from its label, what a new document or email
 * starts with (so the author edits a working example rather than a blank box), what must be filled
 * before saving, and the server's refusals with the line they point at.
 */

const TEMPLATE_NAME = new RegExp(TEXT_TEMPLATE_NAME_PATTERN);

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** A name from a label (Russian letters transliterated), unique among `taken`: "Счёт на оплату" → schet_na_oplatu. */
export function nameFromLabel(label: string, taken: readonly string[]): string {
  const latin = [...label.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
  const base = latin.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, 't_$1').slice(0, 50) || 'template';
  let name = base;
  for (let n = 2; taken.includes(name); n += 1) name = `${base}_${n}`;
  return name;
}

const DOCUMENT_BODY = `<h1>{{ record.title }}</h1>
<p>{{ now | date }}</p>
<p></p>
<div class="signature">{{ user.name }}</div>
`;

const EMAIL_BODY = `<p>Здравствуйте!</p>
<p></p>
<p>{{ user.name }}</p>
`;

/** A new template of `kind` for `entity`: a small working body, and a subject or a file name. */
export function newTemplate(kind: TextTemplateKind, entity: string, label: { ru: string; en: string }, name: string): TextTemplateInput {
  return kind === 'document'
    ? { name, kind, entity, label, fileName: label.ru, body: DOCUMENT_BODY }
    : { name, kind, entity, label, subject: label.ru, body: EMAIL_BODY };
}

export type TemplateField = 'name' | 'labelRu' | 'labelEn' | 'subject' | 'fileName' | 'body' | 'numberingFormat';

/** A problem's key under textTemplates.problems: required, name, or a number format's (noCounter, twoCounters, …). */
export type TemplateProblem = 'required' | 'name' | 'tooLong' | 'noCounter' | 'twoCounters' | 'unknownToken';

const NUMBER_FORMAT_PROBLEM: Readonly<Record<NumberFormatProblem, TemplateProblem>> = {
  REQUIRED: 'required',
  TOO_LONG: 'tooLong',
  NO_COUNTER: 'noCounter',
  TWO_COUNTERS: 'twoCounters',
  UNKNOWN_TOKEN: 'unknownToken',
};

/** The example format a document's numbering starts with when it is turned on. */
export const DEFAULT_NUMBER_FORMAT = '{yyyy}-{n:0000}';

/** What is missing or malformed before a save is worth sending, by field (empty: nothing). */
export function templateProblems(template: TextTemplateInput): Partial<Record<TemplateField, TemplateProblem>> {
  const problems: Partial<Record<TemplateField, TemplateProblem>> = {};
  if (!TEMPLATE_NAME.test(template.name)) problems.name = template.name === '' ? 'required' : 'name';
  if (template.label.ru.trim() === '') problems.labelRu = 'required';
  if (template.label.en.trim() === '') problems.labelEn = 'required';
  if (template.body.trim() === '') problems.body = 'required';
  if (template.kind === 'email' && (template.subject ?? '').trim() === '') problems.subject = 'required';
  if (template.kind === 'document' && (template.fileName ?? '').trim() === '') problems.fileName = 'required';
  const format = template.kind === 'document' && template.numbering ? numberFormatProblem(template.numbering.format) : null;
  if (format) problems.numberingFormat = NUMBER_FORMAT_PROBLEM[format];
  return problems;
}

/** What is sent for a kind: a document has no subject, an email no file name and no numbering. */
export function templateForKind(template: TextTemplateInput): TextTemplateInput {
  const { subject, fileName, numbering, ...rest } = template;
  return template.kind === 'document' ? { ...rest, fileName: fileName ?? '', ...(numbering ? { numbering } : {}) } : { ...rest, subject: subject ?? '' };
}

export interface TemplateIssue {
  field: string;
  message: string;
  line: number | undefined;
}

/** The server's details (422 TEMPLATE_INVALID, 400 VALIDATION_FAILED) as messages with the line they name. */
export function templateIssues(details: readonly ApiErrorDetail[], locale: UiLocale): TemplateIssue[] {
  return details.map((d) => {
    const ru = typeof d.message_ru === 'string' ? d.message_ru : undefined;
    const line = typeof d['line'] === 'number' ? d['line'] : undefined;
    return { field: (d.field ?? '').replace(/^\//, ''), message: (locale === 'ru' ? (ru ?? d.message) : d.message) ?? d.code ?? '', line };
  });
}

/** A refusal in the person's language: its details' messages (message_ru in Russian), else the error's own message. */
export function refusalText(error: { message: string; details: readonly ApiErrorDetail[] }, locale: UiLocale): string {
  const texts = templateIssues(error.details, locale).map((i) => i.message).filter((m) => m !== '');
  return texts.length > 0 ? texts.join(' ') : error.message;
}
