import { NUMBER_FORMAT_MESSAGES, numberFormatProblem, TEXT_TEMPLATE_KINDS, TEXT_TEMPLATE_NAME_PATTERN, type App, type TemplateDocumentNumbering, type TextTemplate, type TextTemplateKind } from '@crm/schemas';
import { ValidationError, type ErrorDetail } from '../errors/index.js';
import { checkTemplate } from './text-template.renderer.js';
import { TemplateInvalidError } from './template-invalid.error.js';

/*
 * A template as POST/PUT send it, checked field by field (400 VALIDATION_FAILED naming each), then
 * its Liquid (422 TEMPLATE_INVALID with the part and line), so a template that cannot render is
 * never saved.
 */

const NAME = new RegExp(TEXT_TEMPLATE_NAME_PATTERN);
const MAX_BODY = 200_000;
const MAX_LINE = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(field: string, code: string, message: string, message_ru: string): ErrorDetail {
  return { field, code, message, message_ru };
}

function isKind(value: unknown): value is TextTemplateKind {
  return TEXT_TEMPLATE_KINDS.some((kind) => kind === value);
}

function optionalText(input: Record<string, unknown>, field: string, problems: ErrorDetail[]): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_LINE) {
    problems.push(problem(field, 'INVALID', `${field} must be text of at most ${MAX_LINE} characters.`, `Поле ${field}: текст не длиннее ${MAX_LINE} символов.`));
    return undefined;
  }
  return value;
}

/** A document's numbering ({format, sequence?, reset?}), or undefined (none); problems name numbering.<part>. */
function parseNumbering(value: unknown, kind: unknown, problems: ErrorDetail[]): TemplateDocumentNumbering | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    problems.push(problem('numbering', 'INVALID', 'The numbering is an object {format, sequence?, reset?}.', 'Нумерация: объект {format, sequence?, reset?}.'));
    return undefined;
  }
  if (kind !== 'document') {
    problems.push(problem('numbering', 'NUMBERING_NOT_DOCUMENT', 'Only documents are numbered.', 'Нумерация есть только у документов.'));
    return undefined;
  }
  const format = typeof value['format'] === 'string' ? value['format'] : '';
  const formatProblem = numberFormatProblem(format);
  if (formatProblem) problems.push(problem('numbering.format', formatProblem === 'REQUIRED' ? 'REQUIRED' : 'INVALID_NUMBER_FORMAT', NUMBER_FORMAT_MESSAGES[formatProblem].en, NUMBER_FORMAT_MESSAGES[formatProblem].ru));
  const sequence = value['sequence'];
  const hasSequence = sequence !== undefined && sequence !== null && sequence !== '';
  if (hasSequence && (typeof sequence !== 'string' || !NAME.test(sequence))) {
    problems.push(problem('numbering.sequence', 'INVALID_NAME', 'The sequence is a-z, 0-9 and _, starting with a letter.', 'Счётчик: латинские строчные буквы, цифры и _, с буквы.'));
  }
  const reset = value['reset'];
  if (reset !== undefined && reset !== null && reset !== 'never' && reset !== 'yearly') {
    problems.push(problem('numbering.reset', 'INVALID', 'The counter restarts "never" or "yearly".', 'Счётчик начинается заново: «never» или «yearly».'));
  }
  return {
    format,
    ...(hasSequence && typeof sequence === 'string' ? { sequence } : {}),
    ...(reset === 'yearly' ? { reset } : {}),
  };
}

/** The template to save, or 400/422 naming what is wrong. `name` comes from the path on PUT. */
export function parseTextTemplateInput(body: unknown, app: App, nameFromPath?: string): Omit<TextTemplate, 'updatedAt'> {
  const input = isRecord(body) ? body : {};
  const problems: ErrorDetail[] = [];
  const name = nameFromPath ?? input['name'];
  if (typeof name !== 'string' || !NAME.test(name)) {
    problems.push(problem('name', 'INVALID_NAME', 'The name is a-z, 0-9 and _, starting with a letter.', 'Имя: латинские строчные буквы, цифры и _, с буквы.'));
  }
  const kind = input['kind'];
  if (!isKind(kind)) problems.push(problem('kind', 'INVALID_KIND', 'The kind is "document" or "email".', 'Вид: «document» или «email».'));
  const entity = input['entity'];
  if (typeof entity !== 'string' || !app.entities.some((e) => e.name === entity)) {
    problems.push(problem('entity', 'UNKNOWN_ENTITY', 'Choose an entity of the app.', 'Выберите сущность приложения.'));
  }
  const label = isRecord(input['label']) ? input['label'] : {};
  const ru = typeof label['ru'] === 'string' ? label['ru'].trim() : '';
  const en = typeof label['en'] === 'string' ? label['en'].trim() : '';
  if (ru === '' && en === '') problems.push(problem('label', 'REQUIRED', 'Give the template a name in Russian or English.', 'Дайте шаблону название.'));
  if (ru.length > MAX_LINE || en.length > MAX_LINE) problems.push(problem('label', 'TOO_LONG', 'The label is too long.', 'Название слишком длинное.'));
  const subject = optionalText(input, 'subject', problems);
  const fileName = optionalText(input, 'fileName', problems);
  if (kind === 'email' && (subject === undefined || subject.trim() === '')) {
    problems.push(problem('subject', 'REQUIRED', 'An e-mail template needs a subject.', 'У шаблона письма должна быть тема.'));
  }
  const locale = input['locale'];
  if (locale !== undefined && locale !== null && locale !== 'ru' && locale !== 'en') {
    problems.push(problem('locale', 'INVALID_LOCALE', 'The language is "ru" or "en" (or none: the app\'s default).', 'Язык: «ru» или «en» (или не задан: язык приложения по умолчанию).'));
  }
  const numbering = parseNumbering(input['numbering'], kind, problems);
  const templateBody = input['body'];
  if (typeof templateBody !== 'string' || templateBody.trim() === '' || templateBody.length > MAX_BODY) {
    problems.push(problem('body', 'REQUIRED', `The body is required (at most ${MAX_BODY} characters).`, 'Текст шаблона обязателен.'));
  }
  if (problems.length > 0 || typeof name !== 'string' || !isKind(kind) || typeof entity !== 'string' || typeof templateBody !== 'string') {
    throw ValidationError.create(undefined, problems);
  }
  const liquid = [
    ...checkTemplate(templateBody, 'body'),
    ...(kind === 'email' && subject !== undefined ? checkTemplate(subject, 'subject') : []),
    ...(kind === 'document' && fileName !== undefined ? checkTemplate(fileName, 'fileName') : []),
  ];
  if (liquid.length > 0) throw TemplateInvalidError.create(undefined, liquid);
  return {
    name,
    kind,
    entity,
    label: { ru: ru || en, en: en || ru },
    ...(kind === 'email' && subject !== undefined ? { subject } : {}),
    ...(kind === 'document' && fileName !== undefined && fileName.trim() !== '' ? { fileName } : {}),
    body: templateBody,
    ...(locale === 'ru' || locale === 'en' ? { locale } : {}),
    ...(numbering ? { numbering } : {}),
  };
}
