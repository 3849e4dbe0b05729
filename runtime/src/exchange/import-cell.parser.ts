import { relationStorage, type App, type Field } from '@crm/schemas';
import { unguardFormula } from './csv-cell.formatter.js';
import { enumValuesOf } from './field-labels.catalog.js';

/*
 * The text of a CSV cell as the value the records API takes for the field, so the row can go
 * through the same validator: numbers written the Russian or the English way ("1 234,5",
 * "1,234.5"), booleans as true/false, 1/0, yes/no, да/нет, dates as YYYY-MM-DD or DD.MM.YYYY,
 * enum values by value or by their en / ru label (any case), lists split on ";", people by id or
 * e-mail. An empty cell is no value (the field keeps its default, or its current value on update).
 * What cannot be read is handed to the validator as typed, so its message names the field.
 */

export type CellValue = { kind: 'absent' } | { kind: 'value'; value: unknown } | { kind: 'invalid'; code: string; message: string; message_ru: string };

export type CellParser = (text: string) => CellValue;

/** Resolves a person's e-mail (lower case) to their id. */
export type UserLookup = (email: string) => string | undefined;

const ABSENT: CellValue = { kind: 'absent' };

function value(v: unknown): CellValue {
  return { kind: 'value', value: v };
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'да', 'д', 'истина']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'нет', 'н', 'ложь']);
const CURRENCY_SUFFIX = /\s*(₽|руб\.?|р\.|rub|usd|eur|\$|€)$/i;
const SPACES = /[\s\u00a0\u202f]/g;

/** "1 234,56", "1,234.56", "1234.56", "-5", "12%" as a number; undefined when it is not one. */
export function parseNumberText(text: string): number | undefined {
  let t = text.replace(CURRENCY_SUFFIX, '').replace(/%$/, '').replace(SPACES, '');
  if (t === '') return undefined;
  const comma = t.lastIndexOf(',');
  const dot = t.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    // Both: the later one is the decimal separator, the other groups thousands.
    t = comma > dot ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  } else if (comma >= 0) {
    t = t.split(',').length > 2 ? t.replace(/,/g, '') : t.replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const RU_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

function dateText(text: string): string {
  const ru = RU_DATE.exec(text);
  if (!ru) return text;
  const [, d, m, y] = ru;
  return `${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}

function listOf(text: string): string[] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function enumResolver(app: App, entity: string, field: Field): ((text: string) => string) | null {
  const values = enumValuesOf(app, entity, field);
  if (!values) return null;
  const exact = new Set(values.map((v) => v.value));
  const loose = new Map<string, string>();
  for (const v of values) for (const t of [v.label.en, v.label.ru, v.value]) if (!loose.has(t.toLowerCase())) loose.set(t.toLowerCase(), v.value);
  return (text) => (exact.has(text) ? text : (loose.get(text.toLowerCase()) ?? text));
}

function personParser(users: UserLookup, name: string): CellParser {
  return (text) => {
    if (!text.includes('@')) return value(text);
    const id = users(text.toLowerCase());
    if (id !== undefined) return value(id);
    return {
      kind: 'invalid',
      code: 'INVALID_REFERENCE',
      message: `Field "${name}": there is no user with the e-mail ${text}.`,
      message_ru: `Поле «${name}»: нет пользователя с адресом ${text}.`,
    };
  };
}

function notA(name: string, text: string, what: { en: string; ru: string }): CellValue {
  return { kind: 'invalid', code: 'INVALID_TYPE', message: `Field "${name}": "${text}" is not ${what.en}.`, message_ru: `Поле «${name}»: «${text}» — не ${what.ru}.` };
}

/** A relation cell (a name, a unique value or an id; a list for many-to-many) as ids. */
export type RelationLookup = (field: string, text: string) => CellValue;

interface ParserContext {
  app: App;
  entity: string;
  field: Field;
  users: UserLookup;
  relations: RelationLookup | undefined;
}

type ParserFactory = (context: ParserContext) => CellParser;

/** Text goes to the validator as typed, less the guard an export put before formula-like text. */
const asText: ParserFactory = () => (text) => value(unguardFormula(text));

const asNumber: ParserFactory =
  ({ field }) =>
  (text) => {
    const n = parseNumberText(text);
    return n === undefined ? notA(field.name, text, { en: 'a number', ru: 'число' }) : value(n);
  };

const asBoolean: ParserFactory =
  ({ field }) =>
  (text) => {
    const word = text.toLowerCase();
    if (TRUE_WORDS.has(word)) return value(true);
    if (FALSE_WORDS.has(word)) return value(false);
    return notA(field.name, text, { en: 'yes or no (true / false)', ru: 'да или нет' });
  };

/** An enum value by value or label; a multienum cell lists them separated by ";". */
function asChoice(multiple: boolean): ParserFactory {
  return (context) => {
    const resolve = enumResolver(context.app, context.entity, context.field);
    if (!resolve) return asText(context);
    return multiple ? (text) => value(listOf(text).map(resolve)) : (text) => value(resolve(text));
  };
}

/*
 * Keyed by the field-type union, so a new type must say how its cells are read. Date-times, e-mails,
 * phones and URLs are read as typed: the validator normalises or refuses them with the field's name.
 */
const PARSERS: Readonly<Record<Field['type'], ParserFactory>> = {
  text: asText,
  longtext: asText,
  integer: asNumber,
  number: asNumber,
  money: asNumber,
  percent: asNumber,
  boolean: asBoolean,
  date: () => (text) => value(dateText(text)),
  datetime: asText,
  email: asText,
  phone: asText,
  url: asText,
  enum: asChoice(false),
  multienum: asChoice(true),
  relation: ({ field, relations }) => {
    if (relations) return (text) => relations(field.name, text);
    return field.type === 'relation' && relationStorage(field) === 'link' ? (text) => value(listOf(text)) : (text) => value(text);
  },
  user: ({ users, field }) => personParser(users, field.name),
  formula: asText,
  file: asText,
};

/**
 * The parser of a column going to `field` (`owner` when field is 'owner'); relation cells go
 * through `relations` when given (names and unique values to ids), else are taken as ids.
 */
export function cellParser(app: App, entity: string, field: Field | 'owner', users: UserLookup, relations?: RelationLookup): CellParser {
  const parse = field === 'owner' ? personParser(users, 'owner') : PARSERS[field.type]({ app, entity, field, users, relations });
  return (raw) => {
    const text = raw.trim();
    return text === '' ? ABSENT : parse(text);
  };
}
