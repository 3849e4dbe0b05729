import type { ConditionIssue, ConditionIssueCode, LocalizedMessage } from './condition.types.js';

/**
 * Every issue's wording, in Russian and English, keyed by its code. Messages name the field,
 * operator or value at fault; the JSON pointer says where it is.
 */

const FAMILY_NAMES: Readonly<Record<string, LocalizedMessage>> = {
  text: { ru: 'текст', en: 'text' },
  number: { ru: 'число', en: 'a number' },
  boolean: { ru: 'да/нет', en: 'yes/no' },
  date: { ru: 'дата', en: 'a date' },
  datetime: { ru: 'дата и время', en: 'a date and time' },
  enum: { ru: 'значение из списка', en: 'a list value' },
  multienum: { ru: 'несколько значений из списка', en: 'several list values' },
  uuid: { ru: 'ссылка на запись или пользователя', en: 'a link to a record or a user' },
  file: { ru: 'файл', en: 'a file' },
};

const EXPECTED_VALUES: Readonly<Record<string, LocalizedMessage>> = {
  text: { ru: 'строка', en: 'a string' },
  number: { ru: 'число', en: 'a number' },
  boolean: { ru: 'true или false', en: 'true or false' },
  date: { ru: 'дата в формате ГГГГ-ММ-ДД', en: 'a date written YYYY-MM-DD' },
  datetime: {
    ru: 'дата и время ISO 8601 со смещением (2024-03-01T10:00:00Z) или дата ГГГГ-ММ-ДД',
    en: 'an ISO 8601 date-time with an offset (2024-03-01T10:00:00Z) or a date YYYY-MM-DD',
  },
  enum: { ru: 'строка — значение из списка', en: 'a string naming a list value' },
  multienum: { ru: 'строка — значение из списка', en: 'a string naming a list value' },
  uuid: { ru: 'идентификатор (UUID)', en: 'an id (UUID)' },
  file: { ru: 'ничего', en: 'nothing' },
};

function family(name: string): LocalizedMessage {
  return FAMILY_NAMES[name] ?? { ru: name, en: name };
}

function expected(name: string): LocalizedMessage {
  return EXPECTED_VALUES[name] ?? { ru: name, en: name };
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

interface MessageParams {
  'invalid-condition': { detail: LocalizedMessage };
  'too-deep': { max: number };
  'unknown-entity': { entity: string };
  'unknown-field': { entity: string; field: string };
  'not-traversable': { entity: string; field: string; path: string };
  'unsupported-field': { entity: string; field: string };
  'unknown-operator': { op: unknown };
  'operator-not-allowed': { op: string; field: string; family: string; allowed: readonly string[] };
  'trigger-only-operator': { op: string };
  'changed-through-relation': { op: string; path: string };
  'value-required': { op: string };
  'unexpected-value': { op: string };
  'invalid-value': { field: string; family: string; value: unknown };
  'invalid-list': { op: string };
  'invalid-range': { op: string };
  'too-many-values': { max: number };
  'unknown-option': { field: string; value: string; options: readonly string[] };
  'invalid-dynamic-value': { value: unknown; detail: LocalizedMessage };
  'subject-unavailable': { field: string; reason: LocalizedMessage };
  'unknown-key': { path: string; key: string };
}

export const MESSAGES: { [C in ConditionIssueCode]: (params: MessageParams[C]) => LocalizedMessage } = {
  'invalid-condition': (p) => ({
    ru: `Неверное условие: ${p.detail.ru}`,
    en: `Invalid condition: ${p.detail.en}`,
  }),
  'too-deep': (p) => ({
    ru: `Условие вложено глубже ${p.max} уровней.`,
    en: `The condition is nested deeper than ${p.max} levels.`,
  }),
  'unknown-entity': (p) => ({
    ru: `Сущность «${p.entity}» не найдена.`,
    en: `Unknown entity "${p.entity}".`,
  }),
  'unknown-field': (p) => ({
    ru: `Поле «${p.field}» не найдено в сущности «${p.entity}».`,
    en: `Unknown field "${p.field}" in entity "${p.entity}".`,
  }),
  'not-traversable': (p) => ({
    ru: `Путь «${p.path}» нельзя пройти: поле «${p.field}» сущности «${p.entity}» не является связью «многие к одному».`,
    en: `Cannot follow "${p.path}": field "${p.field}" of entity "${p.entity}" is not a many-to-one relation.`,
  }),
  'unsupported-field': (p) => ({
    ru: `Поле «${p.field}» сущности «${p.entity}» (связь «один ко многим» или «многие ко многим») нельзя использовать в условиях.`,
    en: `Field "${p.field}" of entity "${p.entity}" (a one-to-many or many-to-many relation) cannot be used in conditions.`,
  }),
  'unknown-operator': (p) => ({
    ru: `Неизвестный оператор ${show(p.op)}.`,
    en: `Unknown operator ${show(p.op)}.`,
  }),
  'operator-not-allowed': (p) => ({
    ru: `Оператор «${p.op}» не применим к полю «${p.field}» (${family(p.family).ru}). Допустимы: ${p.allowed.join(', ')}.`,
    en: `Operator "${p.op}" does not apply to field "${p.field}" (${family(p.family).en}). Allowed: ${p.allowed.join(', ')}.`,
  }),
  'trigger-only-operator': (p) => ({
    ru: `Оператор «${p.op}» работает только в триггерах процессов.`,
    en: `Operator "${p.op}" works only in process triggers.`,
  }),
  'changed-through-relation': (p) => ({
    ru: `Оператор «${p.op}» проверяет только поля самой записи, а не «${p.path}».`,
    en: `Operator "${p.op}" watches the record's own fields only, not "${p.path}".`,
  }),
  'value-required': (p) => ({
    ru: `Оператору «${p.op}» нужно значение (value).`,
    en: `Operator "${p.op}" needs a value.`,
  }),
  'unexpected-value': (p) => ({
    ru: `Оператор «${p.op}» не принимает значения (value).`,
    en: `Operator "${p.op}" takes no value.`,
  }),
  'invalid-value': (p) => ({
    ru: `Значение ${show(p.value)} не подходит полю «${p.field}»: нужно ${expected(p.family).ru}.` +
      (p.value === null ? ' Пустое значение проверяют операторами isEmpty и isNotEmpty.' : ''),
    en: `Value ${show(p.value)} does not fit field "${p.field}": expected ${expected(p.family).en}.` +
      (p.value === null ? ' Test for an empty value with isEmpty or isNotEmpty.' : ''),
  }),
  'invalid-list': (p) => ({
    ru: `Оператору «${p.op}» нужен список значений.`,
    en: `Operator "${p.op}" needs a list of values.`,
  }),
  'invalid-range': (p) => ({
    ru: `Оператору «${p.op}» нужен список из двух значений [от, до].`,
    en: `Operator "${p.op}" needs a list of two values [from, to].`,
  }),
  'too-many-values': (p) => ({
    ru: `Слишком много значений: не больше ${p.max}.`,
    en: `Too many values: at most ${p.max}.`,
  }),
  'unknown-option': (p) => ({
    ru: `У поля «${p.field}» нет значения ${show(p.value)}. Есть: ${p.options.join(', ')}.`,
    en: `Field "${p.field}" has no option ${show(p.value)}. Options: ${p.options.join(', ')}.`,
  }),
  'invalid-dynamic-value': (p) => ({
    ru: `Динамическое значение ${show(p.value)}: ${p.detail.ru}`,
    en: `Dynamic value ${show(p.value)}: ${p.detail.en}`,
  }),
  'subject-unavailable': (p) => ({
    ru: `«${p.field}» здесь недоступно: ${p.reason.ru}.`,
    en: `"${p.field}" is not available here: ${p.reason.en}.`,
  }),
  'unknown-key': (p) => ({
    ru: `У значения «${p.path}» нет ключа «${p.key}».`,
    en: `Value "${p.path}" has no key "${p.key}".`,
  }),
};

export function issue<C extends ConditionIssueCode>(path: string, code: C, params: MessageParams[C]): ConditionIssue {
  const render = MESSAGES[code];
  return { path, code, message: render(params) };
}
