import type { ErrorObject } from 'ajv';
import localizeRu from 'ajv-i18n/localize/ru/index.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { discriminatorTags } from './discriminator.catalog.js';

/*
 * What one Ajv error means, in Russian and English, with a stable code. The location ("Field
 * "amount" of entity "deal"") is added by the mapper; this module says only what is wrong.
 */

export interface ShapeProblem {
  code: string;
  what: LocalizedMessage;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function param(error: ErrorObject, key: string): unknown {
  const params: unknown = error.params;
  return isRecord(params) ? params[key] : undefined;
}

function parentTitle(error: ErrorObject): string | undefined {
  const parent: unknown = error.parentSchema;
  return isRecord(parent) && typeof parent['title'] === 'string' ? parent['title'] : undefined;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const en = (value: unknown): string => `"${shown(value)}"`;
const ru = (value: unknown): string => `«${shown(value)}»`;

function list(values: readonly unknown[]): string {
  return values.map((value) => shown(value)).join(', ');
}

const TYPE_WORDS: Readonly<Record<string, LocalizedMessage>> = {
  string: { ru: 'строкой', en: 'a string' },
  number: { ru: 'числом', en: 'a number' },
  integer: { ru: 'целым числом', en: 'a whole number' },
  boolean: { ru: 'логическим значением (true или false)', en: 'true or false' },
  object: { ru: 'объектом', en: 'an object' },
  array: { ru: 'списком', en: 'a list' },
  null: { ru: 'null', en: 'null' },
};

const UNION_WORDS: Readonly<Record<string, LocalizedMessage>> = {
  Field: { ru: 'тип поля', en: 'field type' },
  Trigger: { ru: 'тип триггера', en: 'trigger type' },
  Node: { ru: 'тип узла', en: 'node type' },
};

const FORMAT_WORDS: Readonly<Record<string, LocalizedMessage>> = {
  email: { ru: 'адрес электронной почты', en: 'an email address' },
  regex: { ru: 'регулярное выражение', en: 'a regular expression' },
  date: { ru: 'дата (ГГГГ-ММ-ДД) с 0001 по 9999 год', en: 'a date (YYYY-MM-DD) from year 0001 to 9999' },
  'date-time': { ru: 'дата и время ISO 8601 с 0001 по 9999 год', en: 'an ISO 8601 date-time from year 0001 to 9999' },
  uri: { ru: 'адрес (URL)', en: 'a URL' },
  uuid: { ru: 'UUID', en: 'a UUID' },
};

function typeProblem(error: ErrorObject): ShapeProblem {
  const expected = param(error, 'type');
  const types = Array.isArray(expected) ? expected.map(String) : typeof expected === 'string' ? expected.split(',') : [];
  const names = types.map((t) => TYPE_WORDS[t] ?? { ru: t, en: t });
  return {
    code: 'INVALID_TYPE',
    what: {
      ru: `значение должно быть ${names.map((n) => n.ru).join(' или ')}`,
      en: `the value must be ${names.map((n) => n.en).join(' or ')}`,
    },
  };
}

function patternProblem(error: ErrorObject): ShapeProblem {
  const value = error.data;
  switch (parentTitle(error)) {
    case 'Name':
      return {
        code: 'INVALID_NAME',
        what: {
          ru: `${ru(value)} — недопустимое имя: нужны строчные латинские буквы, цифры и «_», первой — буква, не длиннее 63 символов (например, deal_stage)`,
          en: `${en(value)} is not a valid name: use lower-case Latin letters, digits and "_", starting with a letter, at most 63 characters (e.g. deal_stage)`,
        },
      };
    case 'StableId':
      return {
        code: 'INVALID_NAME',
        what: {
          ru: `${ru(value)} — недопустимый идентификатор: латинские буквы, цифры, «_» и «-», до 64 символов`,
          en: `${en(value)} is not a valid id: Latin letters, digits, "_" and "-", at most 64 characters`,
        },
      };
    case 'Duration':
      return {
        code: 'INVALID_DURATION',
        what: {
          ru: `${ru(value)} — не длительность ISO 8601 (например, PT15M, P3D, -P1D)`,
          en: `${en(value)} is not an ISO 8601 duration (such as PT15M, P3D, -P1D)`,
        },
      };
    default:
      return {
        code: 'INVALID_FORMAT',
        what: {
          ru: `${ru(value)} не соответствует шаблону ${shown(param(error, 'pattern'))}`,
          en: `${en(value)} does not match the pattern ${shown(param(error, 'pattern'))}`,
        },
      };
  }
}

function discriminatorProblem(error: ErrorObject): ShapeProblem {
  const title = parentTitle(error) ?? '';
  const words = UNION_WORDS[title] ?? { ru: 'тип', en: 'type' };
  const tags = discriminatorTags(title);
  const tag = param(error, 'tag');
  const tagValue = param(error, 'tagValue');
  if (param(error, 'error') === 'tag' && tagValue === undefined) {
    return {
      code: 'MISSING_PROPERTY',
      what: { ru: `не указан ${words.ru} (свойство «${shown(tag)}»)`, en: `the ${words.en} ("${shown(tag)}") is missing` },
    };
  }
  return {
    code: 'UNKNOWN_TYPE',
    what: {
      ru: `неизвестный ${words.ru} ${ru(tagValue)}; допустимы: ${list(tags)}`,
      en: `unknown ${words.en} ${en(tagValue)}; expected one of ${list(tags)}`,
    },
  };
}

function allowedProperties(error: ErrorObject): string[] {
  const parent: unknown = error.parentSchema;
  const properties = isRecord(parent) ? parent['properties'] : undefined;
  return isRecord(properties) ? Object.keys(properties) : [];
}

/** "не меньше N ..." takes the genitive: ruForms are [one, few, many] in the genitive. */
function count(n: unknown, ruForms: readonly [string, string, string], enWord: string): LocalizedMessage {
  const value = typeof n === 'number' ? n : Number(n);
  const mod10 = value % 10;
  const mod100 = value % 100;
  const ruWord = mod10 === 1 && mod100 !== 11 ? ruForms[0] : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? ruForms[1] : ruForms[2];
  return { ru: `${value} ${ruWord}`, en: `${value} ${enWord}${value === 1 ? '' : 's'}` };
}

function fallback(error: ErrorObject): ShapeProblem {
  const copy: ErrorObject = { ...error };
  localizeRu([copy]);
  return { code: 'INVALID_SHAPE', what: { ru: copy.message ?? 'недопустимое значение', en: error.message ?? 'invalid value' } };
}

/** What the error says, as a code and a sentence fragment in both languages. */
export function describeAjvError(error: ErrorObject): ShapeProblem {
  switch (error.keyword) {
    case 'required': {
      const missing = param(error, 'missingProperty');
      return { code: 'MISSING_PROPERTY', what: { ru: `не указано обязательное свойство ${ru(missing)}`, en: `the required property ${en(missing)} is missing` } };
    }
    case 'additionalProperties': {
      const extra = param(error, 'additionalProperty');
      const allowed = allowedProperties(error);
      const hint = allowed.length > 0 ? { ru: `; допустимы: ${allowed.join(', ')}`, en: `; allowed: ${allowed.join(', ')}` } : { ru: '', en: '' };
      return { code: 'UNKNOWN_PROPERTY', what: { ru: `неизвестное свойство ${ru(extra)}${hint.ru}`, en: `unknown property ${en(extra)}${hint.en}` } };
    }
    case 'type':
      return typeProblem(error);
    case 'enum': {
      const allowed = param(error, 'allowedValues');
      const values = Array.isArray(allowed) ? allowed : [];
      return {
        code: 'INVALID_VALUE',
        what: { ru: `значение ${ru(error.data)} недопустимо; допустимы: ${list(values)}`, en: `${en(error.data)} is not allowed; expected one of ${list(values)}` },
      };
    }
    case 'const': {
      const expected = param(error, 'allowedValue');
      return { code: 'INVALID_VALUE', what: { ru: `значение должно быть ${ru(expected)}`, en: `the value must be ${en(expected)}` } };
    }
    case 'pattern':
      return patternProblem(error);
    case 'format': {
      const format = String(param(error, 'format'));
      const words = FORMAT_WORDS[format] ?? { ru: `в формате ${format}`, en: `in the ${format} format` };
      return { code: 'INVALID_FORMAT', what: { ru: `${ru(error.data)} — не ${words.ru}`, en: `${en(error.data)} is not ${words.en}` } };
    }
    case 'minLength': {
      const limit = param(error, 'limit');
      if (limit === 1) return { code: 'EMPTY_VALUE', what: { ru: 'значение не должно быть пустым', en: 'the value must not be empty' } };
      const n = count(limit, ['символа', 'символов', 'символов'], 'character');
      return { code: 'TOO_SHORT', what: { ru: `нужно не меньше ${n.ru}`, en: `must have at least ${n.en}` } };
    }
    case 'maxLength': {
      const n = count(param(error, 'limit'), ['символа', 'символов', 'символов'], 'character');
      return { code: 'TOO_LONG', what: { ru: `допустимо не больше ${n.ru}`, en: `must have at most ${n.en}` } };
    }
    case 'minItems': {
      const n = count(param(error, 'limit'), ['элемента', 'элементов', 'элементов'], 'item');
      return { code: 'TOO_FEW_ITEMS', what: { ru: `нужно не меньше ${n.ru}`, en: `must have at least ${n.en}` } };
    }
    case 'maxItems': {
      const n = count(param(error, 'limit'), ['элемента', 'элементов', 'элементов'], 'item');
      return { code: 'TOO_MANY_ITEMS', what: { ru: `допустимо не больше ${n.ru}`, en: `must have at most ${n.en}` } };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const comparison = shown(param(error, 'comparison'));
      const limit = shown(param(error, 'limit'));
      return { code: 'OUT_OF_RANGE', what: { ru: `значение должно быть ${comparison} ${limit}`, en: `the value must be ${comparison} ${limit}` } };
    }
    case 'uniqueItems': {
      const i = Number(param(error, 'i')) + 1;
      const j = Number(param(error, 'j')) + 1;
      return { code: 'DUPLICATE_ITEM', what: { ru: `элементы №${j} и №${i} совпадают`, en: `items #${j} and #${i} are the same` } };
    }
    case 'discriminator':
      return discriminatorProblem(error);
    case 'anyOf':
    case 'oneOf':
      return { code: 'INVALID_SHAPE', what: { ru: 'значение не подходит ни под один из допустимых вариантов', en: 'the value matches none of the allowed forms' } };
    default:
      return fallback(error);
  }
}

/** A condition whose form cannot be told from its keys. */
export const INVALID_CONDITION_PROBLEM: ShapeProblem = {
  code: 'INVALID_CONDITION',
  what: {
    ru: 'условие должно иметь вид {"field", "op", "value"}, {"and": [...]}, {"or": [...]} или {"not": {...}}',
    en: 'a condition must be {"field", "op", "value"}, {"and": [...]}, {"or": [...]} or {"not": {...}}',
  },
};
