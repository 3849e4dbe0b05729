import type { ConditionOperator } from '@crm/schemas';
import { nodeOf, type Leaf } from './condition-tree.apply.js';
import { findSubject, subjectLabel, type SubjectPath } from './condition-subjects.mapping.js';
import { durationText } from './duration-text.mapping.js';

/*
 * A condition read back as a sentence in the analyst's language: "Сумма больше 100 000 и этап —
 * «Переговоры»", "Amount is greater than 100,000 and stage is "Negotiation"". Labels come from the
 * definition (fields, options, stages), numbers are formatted for the locale, nested groups go in
 * brackets. What the sentence cannot name (a path that is not offered) is shown as written.
 */

type Locale = 'ru' | 'en';
type Words = Record<ConditionOperator, string>;

const WORDS: Record<Locale, Words> = {
  ru: {
    eq: '—', ne: 'не', gt: 'больше', gte: 'не меньше', lt: 'меньше', lte: 'не больше', in: '— одно из:', nin: '— ни одно из:',
    contains: 'содержит', startsWith: 'начинается с', between: 'от', isEmpty: 'не заполнено', isNotEmpty: 'заполнено',
    changed: 'изменилось', changedTo: 'изменилось на',
  },
  en: {
    eq: 'is', ne: 'is not', gt: 'is greater than', gte: 'is at least', lt: 'is less than', lte: 'is at most', in: 'is one of', nin: 'is none of',
    contains: 'contains', startsWith: 'starts with', between: 'is between', isEmpty: 'is empty', isNotEmpty: 'is not empty',
    changed: 'changed', changedTo: 'changed to',
  },
};

/** Dates read as time: "позже", "is after". */
const DATE_WORDS: Record<Locale, Partial<Words>> = {
  ru: { gt: 'позже', gte: 'не раньше', lt: 'раньше', lte: 'не позже', between: 'с' },
  en: { gt: 'is after', gte: 'is on or after', lt: 'is before', lte: 'is on or before' },
};

const TEXT: Record<Locale, Record<'and' | 'or' | 'not' | 'yes' | 'no' | 'user' | 'now' | 'today' | 'ago' | 'in' | 'upTo' | 'pairAnd' | 'empty', string>> = {
  ru: { and: 'и', or: 'или', not: 'неверно, что', yes: 'да', no: 'нет', user: 'текущий пользователь', now: 'сейчас', today: 'сегодня', ago: 'назад', in: 'через', upTo: 'до', pairAnd: 'по', empty: '…' },
  en: { and: 'and', or: 'or', not: 'it is not true that', yes: 'yes', no: 'no', user: 'the current user', now: 'now', today: 'today', ago: 'ago', in: 'in', upTo: 'and', pairAnd: 'to', empty: '…' },
};

export interface SentenceContext {
  subjects: readonly SubjectPath[];
  locale: string;
}

function lang(locale: string): Locale {
  return locale === 'ru' ? 'ru' : 'en';
}

function quote(text: string, locale: Locale): string {
  return locale === 'ru' ? `«${text}»` : `"${text}"`;
}

/** "Этап" -> "этап" inside a sentence; "ИНН" stays (an abbreviation). */
function lowerFirst(text: string): string {
  const [first, second] = [...text];
  return first !== undefined && second !== undefined && second === second.toLowerCase() ? first.toLowerCase() + text.slice(first.length) : text;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function dynamicText(value: unknown, locale: Locale): string | undefined {
  const words = TEXT[locale];
  if (value === '$user') return words.user;
  if (value === '$now') return words.now;
  if (value === '$today') return words.today;
  if (typeof value === 'string' && value.startsWith('$user.')) return `${words.user}: ${value.slice('$user.'.length)}`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const offset: unknown = Reflect.get(value, '$now');
    if (typeof offset === 'string') {
      const back = offset.startsWith('-');
      const span = durationText(back ? offset.slice(1) : offset, locale);
      if (span !== undefined) return back ? `${span} ${words.ago}` : `${words.in} ${span}`;
    }
  }
  return undefined;
}

/** One operand in words: a formatted number, an option's label in quotes, yes / no, "now", "7 дней назад". */
export function valueText(value: unknown, subject: SubjectPath | undefined, locale: string): string {
  const l = lang(locale);
  const dynamic = dynamicText(value, l);
  if (dynamic !== undefined) return dynamic;
  if (value === null || value === undefined || value === '') return TEXT[l].empty;
  if (typeof value === 'number') return value.toLocaleString(locale);
  if (typeof value === 'boolean') return value ? TEXT[l].yes : TEXT[l].no;
  if (typeof value === 'string') {
    const option = subject?.options.find((o) => o.value === value);
    const label = option?.label ? (l === 'ru' ? (option.label.ru ?? option.label.en) : option.label.en) : value;
    if (subject?.family === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00`).toLocaleDateString(locale);
    return quote(label, l);
  }
  return JSON.stringify(value);
}

/** One clause: "сумма больше 100 000". */
export function leafSentence(leaf: Leaf, ctx: SentenceContext): string {
  const l = lang(ctx.locale);
  const subject = findSubject(ctx.subjects, leaf.field);
  const label = subject ? subjectLabel(subject, ctx.locale) : leaf.field;
  const dated = subject?.family === 'date' || subject?.family === 'datetime';
  const word = (dated ? DATE_WORDS[l][leaf.op] : undefined) ?? WORDS[l][leaf.op];
  const v = (value: unknown) => valueText(value, subject, ctx.locale);
  switch (leaf.op) {
    case 'isEmpty':
    case 'isNotEmpty':
    case 'changed':
      return `${label} ${word}`;
    case 'in':
    case 'nin':
      return `${label} ${word} ${Array.isArray(leaf.value) && leaf.value.length > 0 ? leaf.value.map(v).join(', ') : TEXT[l].empty}`;
    case 'between': {
      const [lo, hi] = Array.isArray(leaf.value) ? leaf.value : [];
      return `${label} ${word} ${v(lo)} ${dated ? TEXT[l].pairAnd : TEXT[l].upTo} ${v(hi)}`;
    }
    default:
      return `${label} ${word} ${v(leaf.value)}`;
  }
}

function nodeSentence(node: unknown, ctx: SentenceContext, nested: boolean): string {
  const l = lang(ctx.locale);
  const current = nodeOf(node);
  switch (current.kind) {
    case 'leaf':
      return lowerFirst(leafSentence(current.leaf, ctx));
    case 'not':
      return `${TEXT[l].not} ${nodeSentence(current.inner, ctx, true)}`;
    case 'group': {
      const parts = current.children.map((child) => nodeSentence(child, ctx, true));
      const joined = parts.join(` ${TEXT[l][current.group]} `);
      return nested && parts.length > 1 ? `(${joined})` : joined;
    }
    case 'invalid':
      return JSON.stringify(node) ?? '';
  }
}

/** The whole condition as one sentence; '' for no condition. */
export function conditionSentence(tree: unknown, ctx: SentenceContext): string {
  if (tree === undefined || tree === null) return '';
  return upperFirst(nodeSentence(tree, ctx, false));
}
