import type { ValueFamily } from './condition.operators.js';
import type { ConditionUser, LocalizedMessage } from './condition.types.js';
import {
  addDuration,
  dateInZone,
  isCalendarDate,
  parseDuration,
  parseInstant,
  startOfDayInZone,
  type IsoDuration,
} from './condition.time.js';

/**
 * Operands: the literal or dynamic values on the right of an operator. They are parsed and
 * normalised once when a condition is analysed, and dynamic ones are resolved against the user and
 * the clock by the one function both the predicate and the SQL compiler call, so both targets
 * compare against exactly the same values.
 *
 * Normalised scalars per family: text / enum / multienum items: the string; number: a finite
 * number; boolean: the boolean; date: "YYYY-MM-DD"; datetime: epoch milliseconds; uuid: the id in
 * lower case.
 */

export type Scalar = string | number | boolean;

export type Operand =
  | { kind: 'literal'; value: Scalar }
  | { kind: 'user'; attr?: string }
  | { kind: 'now'; offset?: IsoDuration }
  | { kind: 'today' };

/** The operands of one leaf: none, a fixed list of items, or one dynamic value standing for a list. */
export type OperandSpec =
  | { shape: 'none' }
  | { shape: 'items'; items: Operand[] }
  | { shape: 'spread'; source: Operand };

export interface ResolveEnv {
  user: ConditionUser | undefined;
  now: number;
  timeZone: string;
}

export type OperandParse =
  | { ok: true; operand: Operand }
  | { ok: false; code: 'invalid-value' }
  | { ok: false; code: 'invalid-dynamic-value'; detail: LocalizedMessage };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ATTR = /^\$user\.([A-Za-z_][A-Za-z0-9_]*)$/;
const LOOKS_DYNAMIC = /^\$[A-Za-z]/;

/** Normalises a literal (or a resolved dynamic value) for a family; undefined when it does not fit. */
export function normalizeScalar(raw: unknown, family: ValueFamily, timeZone: string): Scalar | undefined {
  switch (family) {
    case 'text':
    case 'enum':
    case 'multienum':
      return typeof raw === 'string' ? raw : undefined;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw) ? raw : undefined;
    case 'datetime':
      if (typeof raw !== 'string') return undefined;
      return isCalendarDate(raw) ? startOfDayInZone(raw, timeZone) : parseInstant(raw);
    case 'uuid':
      return typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : undefined;
    case 'file':
      return undefined;
  }
}

const NOT_A_USER_ID: LocalizedMessage = {
  ru: '"$user" — это идентификатор пользователя; он годится только для полей-ссылок, текста и списков.',
  en: '"$user" is a user id; it fits only link, text and list fields.',
};
const NOT_A_DATE: LocalizedMessage = {
  ru: '"$now" и "$today" годятся только для полей с датой или датой и временем.',
  en: '"$now" and "$today" fit only date and date-time fields.',
};
const UNKNOWN_DYNAMIC: LocalizedMessage = {
  ru: 'известны "$user", "$user.<атрибут>", "$now", "$today" и {"$now": "-P7D"}.',
  en: 'known are "$user", "$user.<attribute>", "$now", "$today" and {"$now": "-P7D"}.',
};
const BAD_DURATION: LocalizedMessage = {
  ru: 'нужна длительность ISO 8601, например "-P7D" или "PT2H".',
  en: 'expected an ISO 8601 duration such as "-P7D" or "PT2H".',
};
const NO_FILE_VALUES: LocalizedMessage = {
  ru: 'с файлами сравнивать значения нельзя.',
  en: 'file fields are not compared with values.',
};

function dynamicFits(operand: Operand, family: ValueFamily): LocalizedMessage | undefined {
  if (family === 'file') return NO_FILE_VALUES;
  switch (operand.kind) {
    case 'user':
      if (operand.attr !== undefined) return undefined;
      return family === 'uuid' || family === 'text' || family === 'enum' ? undefined : NOT_A_USER_ID;
    case 'now':
    case 'today':
      return family === 'date' || family === 'datetime' ? undefined : NOT_A_DATE;
    case 'literal':
      return undefined;
  }
}

/** Recognises "$user", "$user.<attr>", "$now", "$today" and {"$now": "<duration>"}. */
function parseDynamic(raw: unknown): OperandParse | undefined {
  if (typeof raw === 'string') {
    if (raw === '$user') return { ok: true, operand: { kind: 'user' } };
    if (raw === '$now') return { ok: true, operand: { kind: 'now' } };
    if (raw === '$today') return { ok: true, operand: { kind: 'today' } };
    const attr = USER_ATTR.exec(raw)?.[1];
    if (attr !== undefined) return { ok: true, operand: { kind: 'user', attr } };
    if (LOOKS_DYNAMIC.test(raw)) return { ok: false, code: 'invalid-dynamic-value', detail: UNKNOWN_DYNAMIC };
    return undefined;
  }
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && '$now' in raw) {
    const keys = Object.keys(raw);
    const duration = typeof raw.$now === 'string' ? parseDuration(raw.$now) : undefined;
    if (keys.length !== 1 || !duration) return { ok: false, code: 'invalid-dynamic-value', detail: BAD_DURATION };
    return { ok: true, operand: { kind: 'now', offset: duration } };
  }
  return undefined;
}

/** True when a raw value is written as a dynamic value (even a malformed one). */
export function isDynamic(raw: unknown): boolean {
  return parseDynamic(raw) !== undefined;
}

/** Parses one operand for a field of the given family. */
export function parseOperand(raw: unknown, family: ValueFamily, timeZone: string): OperandParse {
  const dynamic = parseDynamic(raw);
  if (dynamic) {
    if (!dynamic.ok) return dynamic;
    const misfit = dynamicFits(dynamic.operand, family);
    return misfit ? { ok: false, code: 'invalid-dynamic-value', detail: misfit } : dynamic;
  }
  const value = normalizeScalar(raw, family, timeZone);
  return value === undefined ? { ok: false, code: 'invalid-value' } : { ok: true, operand: { kind: 'literal', value } };
}

/** Resolves one operand; undefined when it cannot be (no user, a missing or ill-typed attribute). */
export function resolveOperand(operand: Operand, family: ValueFamily, env: ResolveEnv): Scalar | Scalar[] | undefined {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'user': {
      if (!env.user) return undefined;
      const raw = operand.attr === undefined ? env.user.id : env.user[operand.attr];
      if (Array.isArray(raw)) {
        const items = raw.map((item: unknown) => normalizeScalar(item, family, env.timeZone));
        return items.every((item) => item !== undefined) ? items.filter((item) => item !== undefined) : undefined;
      }
      return normalizeScalar(raw, family, env.timeZone);
    }
    case 'now': {
      const instant = operand.offset ? addDuration(env.now, operand.offset) : env.now;
      return family === 'date' ? dateInZone(instant, env.timeZone) : instant;
    }
    case 'today': {
      const today = dateInZone(env.now, env.timeZone);
      return family === 'date' ? today : startOfDayInZone(today, env.timeZone);
    }
  }
}

/**
 * Resolves a leaf's operands to the list of scalars it compares with. Undefined when any operand
 * cannot be resolved: such a leaf is false in both targets.
 */
export function resolveOperands(spec: OperandSpec, family: ValueFamily, env: ResolveEnv): Scalar[] | undefined {
  switch (spec.shape) {
    case 'none':
      return [];
    case 'items': {
      const values: Scalar[] = [];
      for (const item of spec.items) {
        const value = resolveOperand(item, family, env);
        if (value === undefined || Array.isArray(value)) return undefined;
        values.push(value);
      }
      return values;
    }
    case 'spread': {
      const value = resolveOperand(spec.source, family, env);
      if (value === undefined) return undefined;
      return Array.isArray(value) ? value : [value];
    }
  }
}
