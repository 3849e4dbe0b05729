import type { ErrorObject } from 'ajv';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer, valueAt } from '../issues/json-pointer.js';
import { describeLocation, type DocumentKind } from './location.describer.js';
import { describeAjvError, INVALID_CONDITION_PROBLEM, type ShapeProblem } from './shape-issue.messages.js';

/*
 * Ajv errors -> DefinitionIssues. Two kinds of noise are removed on the way:
 * - a condition that fails `anyOf` reports every branch's complaints; instead the branch is chosen
 *   by the condition's keys (and / or / not / field) and only that branch's errors are kept;
 * - the same complaint reached through two schemas (Field and TextField both require "name") is
 *   reported once.
 */

export type ConditionBranch = 'AndCondition' | 'OrCondition' | 'NotCondition' | 'FieldCondition';

/** Validates `value` against one branch of the condition union; returns its errors (paths relative to value). */
export type ConditionBranchCheck = (branch: ConditionBranch, value: unknown) => readonly ErrorObject[];

interface Located {
  /** Where the issue points (for an unknown property: at that property). */
  pointer: string;
  /** The value the complaint is about (for an unknown property: the object holding it). */
  subject: string;
  problem: ShapeProblem;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parentTitle(error: ErrorObject): string | undefined {
  const parent: unknown = error.parentSchema;
  return isRecord(parent) && typeof parent['title'] === 'string' ? parent['title'] : undefined;
}

function paramOf(error: ErrorObject, key: string): unknown {
  const params: unknown = error.params;
  return isRecord(params) ? params[key] : undefined;
}

function conditionBranch(value: unknown): ConditionBranch | undefined {
  if (!isRecord(value)) return undefined;
  if ('and' in value) return 'AndCondition';
  if ('or' in value) return 'OrCondition';
  if ('not' in value) return 'NotCondition';
  if ('field' in value || 'op' in value) return 'FieldCondition';
  return undefined;
}

function isUnder(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(`${base}/`);
}

function pointerOf(error: ErrorObject, base: string): string {
  const at = base + error.instancePath;
  if (error.keyword === 'additionalProperties') {
    const extra = paramOf(error, 'additionalProperty');
    if (typeof extra === 'string') return joinPointer(at, extra);
  }
  if (typeof error.propertyName === 'string') return joinPointer(at, error.propertyName);
  return at;
}

/** A missing discriminator tag is already reported by `required`. */
function isRedundant(error: ErrorObject): boolean {
  if (error.keyword === 'propertyNames') return true;
  return error.keyword === 'discriminator' && paramOf(error, 'error') === 'tag' && paramOf(error, 'tagValue') === undefined;
}

function locate(errors: readonly ErrorObject[], base: string, document: unknown, checkBranch: ConditionBranchCheck): Located[] {
  let found: Located[] = [];
  for (const error of errors) {
    const at = base + error.instancePath;
    if ((error.keyword === 'anyOf' || error.keyword === 'oneOf') && parentTitle(error) === 'Condition') {
      found = found.filter((item) => !isUnder(item.pointer, at));
      const value = valueAt(document, at);
      const branch = conditionBranch(value);
      if (branch) found.push(...locate(checkBranch(branch, value), at, document, checkBranch));
      else found.push({ pointer: at, subject: at, problem: INVALID_CONDITION_PROBLEM });
      continue;
    }
    if (isRedundant(error)) continue;
    found.push({ pointer: pointerOf(error, base), subject: at, problem: describeAjvError(error) });
  }
  return found;
}

/** Turns Ajv errors for `document` into issues with pointers and ru/en messages. */
export function shapeIssuesFrom(
  errors: readonly ErrorObject[],
  document: unknown,
  kind: DocumentKind,
  checkBranch: ConditionBranchCheck,
): DefinitionIssue[] {
  const seen = new Set<string>();
  const issues: DefinitionIssue[] = [];
  for (const { pointer, subject, problem } of locate(errors, '', document, checkBranch)) {
    const key = `${pointer}\u0000${problem.code}\u0000${problem.what.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ code: problem.code, pointer, message: phrase(document, subject, kind, problem), ...processScope(document, pointer, kind) });
  }
  return issues;
}

/** For issues inside a process: its name and, inside a node, the node id (as the semantic issues carry them). */
function processScope(document: unknown, pointer: string, kind: DocumentKind): { process?: string; nodeId?: string } {
  const base = kind === 'template' ? '/app' : kind === 'app' ? '' : undefined;
  if (base === undefined || !pointer.startsWith(`${base}/processes/`)) return {};
  const match = /^\/processes\/(\d+)(?:\/nodes\/(\d+))?/.exec(pointer.slice(base.length));
  if (!match) return {};
  const processAt = `${base}/processes/${match[1]}`;
  const name = valueAt(document, `${processAt}/name`);
  const nodeId = match[2] === undefined ? undefined : valueAt(document, `${processAt}/nodes/${match[2]}/id`);
  return { ...(typeof name === 'string' ? { process: name } : {}), ...(typeof nodeId === 'string' ? { nodeId } : {}) };
}

/** 'Field "b" of entity "deal", "required": the value must be true or false' */
function phrase(document: unknown, subject: string, kind: DocumentKind, problem: ShapeProblem): LocalizedMessage {
  const { thing, rest } = describeLocation(document, subject, kind);
  const path = rest.join('.');
  const where = thing
    ? { ru: path ? `${thing.ru}, «${path}»` : thing.ru, en: path ? `${thing.en}, "${path}"` : thing.en }
    : path
      ? { ru: `Свойство «${path}»`, en: `Property "${path}"` }
      : undefined;
  if (!where) return { ru: capitalise(problem.what.ru), en: capitalise(problem.what.en) };
  return { ru: `${where.ru}: ${problem.what.ru}`, en: `${where.en}: ${problem.what.en}` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
