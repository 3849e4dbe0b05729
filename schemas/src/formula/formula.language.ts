import jexl from 'jexl';

/*
 * The expression language of formula fields: Jexl (https://github.com/TomFrost/jexl), a small,
 * well-kept expression parser with no access to the host (no function calls other than the ones
 * registered here), configured in its own instance so nothing else in the process can change it.
 *
 * Arithmetic is made null-safe the way SQL is: an empty operand gives an empty result, so
 * `amount * probability / 100` on a deal without a probability is empty, not 0 (plain JavaScript
 * would turn null into 0 and show a confident, wrong number).
 */

type Value = unknown;

function isEmpty(value: Value): boolean {
  return value === null || value === undefined;
}

function numeric(op: (a: number, b: number) => number): (left: Value, right: Value) => Value {
  return (left, right) => {
    if (isEmpty(left) || isEmpty(right)) return null;
    if (typeof left !== 'number' || typeof right !== 'number') return null;
    return op(left, right);
  };
}

/** `+` adds numbers and joins text; in a join an empty part is left out rather than printed as "null". */
function plus(left: Value, right: Value): Value {
  if (typeof left === 'string' || typeof right === 'string') return `${textOf(left)}${textOf(right)}`;
  return numeric((a, b) => a + b)(left, right);
}

function textOf(value: Value): string {
  if (isEmpty(value)) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function numberArgs(values: readonly Value[]): number[] | null {
  const numbers: number[] = [];
  for (const value of values) {
    if (typeof value !== 'number') return null;
    numbers.push(value);
  }
  return numbers;
}

function unary(fn: (x: number) => number): (value: Value) => Value {
  return (value) => (typeof value === 'number' ? fn(value) : null);
}

function textFn(fn: (s: string) => Value): (value: Value) => Value {
  return (value) => (typeof value === 'string' ? fn(value) : null);
}

const DAY_MS = 86_400_000;

function dayNumber(value: Value): number | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? null : Math.floor(time / DAY_MS);
}

/** Functions a formula may call, e.g. `round(amount * 1.2, 2)`; also usable as transforms: `title|upper`. */
const FUNCTIONS: Readonly<Record<string, (...args: Value[]) => Value>> = {
  round: (value, digits) => {
    if (typeof value !== 'number') return null;
    const places = typeof digits === 'number' ? Math.trunc(digits) : 0;
    const factor = 10 ** places;
    return Math.round(value * factor) / factor;
  },
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  abs: unary(Math.abs),
  min: (...values) => {
    const numbers = numberArgs(values.filter((v) => !isEmpty(v)));
    return numbers && numbers.length > 0 ? Math.min(...numbers) : null;
  },
  max: (...values) => {
    const numbers = numberArgs(values.filter((v) => !isEmpty(v)));
    return numbers && numbers.length > 0 ? Math.max(...numbers) : null;
  },
  coalesce: (...values) => values.find((v) => !isEmpty(v)) ?? null,
  concat: (...values) => values.map(textOf).join(''),
  upper: textFn((s) => s.toUpperCase()),
  lower: textFn((s) => s.toLowerCase()),
  trim: textFn((s) => s.trim()),
  length: (value) => (typeof value === 'string' || Array.isArray(value) ? value.length : null),
  days_between: (from, to) => {
    const a = dayNumber(from);
    const b = dayNumber(to);
    return a === null || b === null ? null : b - a;
  },
};

export const FORMULA_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

function createFormulaLanguage(): InstanceType<typeof jexl.Jexl> {
  const language = new jexl.Jexl();
  // Precedences are Jexl's own (grammar.js), so only the meaning of the operators changes.
  language.addBinaryOp('+', 30, plus);
  language.addBinaryOp('-', 30, numeric((a, b) => a - b));
  language.addBinaryOp('*', 40, numeric((a, b) => a * b));
  language.addBinaryOp('/', 40, numeric((a, b) => a / b));
  language.addBinaryOp('//', 40, numeric((a, b) => Math.floor(a / b)));
  language.addBinaryOp('%', 50, numeric((a, b) => a % b));
  language.addBinaryOp('^', 50, numeric((a, b) => a ** b));
  language.addFunctions(FUNCTIONS);
  language.addTransforms(FUNCTIONS);
  return language;
}

export const formulaLanguage = createFormulaLanguage();
