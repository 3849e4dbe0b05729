import { isJsonObject } from '../json.types.js';
import { userValue, type ValueScope } from './value-scope.js';

/*
 * Resolves a config value against the scope: {"$ref": "record.amount"} gives the raw value at the
 * path; a string that is exactly one "{{path}}" gives the raw value too (so "{{record.amount}}"
 * stays a number); any other string with "{{path}}" parts is text with each part printed; objects
 * and arrays are resolved member by member. A path that leads nowhere gives null (in text: '').
 */

const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const PART = /\{\{\s*([^{}]+?)\s*\}\}/g;

function rootOf(scope: ValueScope, name: string): unknown {
  switch (name) {
    case 'record':
      return scope.record;
    case 'trigger':
      return scope.trigger;
    case 'steps':
      return scope.steps;
    case '$user':
    case 'user':
      return userValue(scope.user);
    case '$now':
    case 'now':
      return scope.now.toISOString();
    case '$run':
      return scope.run ?? null;
    default:
      return undefined;
  }
}

/** The value at a dot path such as `record.company.city` or `steps.fetch.body.items.0.id`; undefined when absent. */
export function valueAtPath(scope: ValueScope, path: string): unknown {
  const [root, ...rest] = path.split('.');
  if (root === undefined) return undefined;
  let current: unknown = rootOf(scope, root);
  for (const key of rest) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isJsonObject(current) && Object.prototype.hasOwnProperty.call(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

function printed(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function isValueRef(value: unknown): value is { $ref: string } {
  return isJsonObject(value) && Object.keys(value).length === 1 && typeof value['$ref'] === 'string';
}

export function resolveValue(value: unknown, scope: ValueScope): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole?.[1] !== undefined) return valueAtPath(scope, whole[1]) ?? null;
    if (!value.includes('{{')) return value;
    return value.replace(PART, (_match, path: string) => printed(valueAtPath(scope, path)));
  }
  if (isValueRef(value)) return valueAtPath(scope, value.$ref) ?? null;
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, scope));
  if (isJsonObject(value)) {
    const resolved: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) resolved[key] = resolveValue(member, scope);
    return resolved;
  }
  return value;
}

/** Resolves each value of a field -> value map (update and create nodes). */
export function resolveFieldValues(values: Record<string, unknown>, scope: ValueScope): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) resolved[field] = resolveValue(value, scope);
  return resolved;
}
