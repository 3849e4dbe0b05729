import { isConditionQuestion, type Field, type StartInput, type StartInputCondition } from '@crm/schemas';
import { isJsonObject } from './schema-form.mapping.js';

/*
 * The builder's editor of a start-form question's condition (StartInput.visibleWhen, "Показывать,
 * только если"): which questions it may depend on (those above it whose answers are a few values:
 * a list, several of a list, yes/no, a person; @crm/schemas decides which types), and the edits
 * the analyst makes, as the condition each one leaves. The definition check says the same rules
 * in its issues; the editor simply never offers what it would refuse.
 */

function isQuestion(value: unknown): value is StartInput {
  return isJsonObject(value) && typeof value['name'] === 'string' && value['name'] !== '' && typeof value['type'] === 'string';
}

/** The questions above row `index` of the form's `rows` a condition of that row may depend on, in form order. */
export function conditionQuestions(rows: readonly unknown[], index: number): StartInput[] {
  return rows.slice(0, Math.max(0, index)).filter(isQuestion).filter(isConditionQuestion);
}

/** The condition a member holds, or null when there is none (or it is not one). */
export function conditionOf(value: unknown): StartInputCondition | null {
  if (!isJsonObject(value) || typeof value['question'] !== 'string') return null;
  const listed = Array.isArray(value['in']) ? value['in'] : [];
  return { question: value['question'], in: listed.filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') };
}

/** The condition on a newly picked question: a yes/no starts at "yes", others with no answer listed yet. */
export function conditionOn(question: StartInput): StartInputCondition {
  return { question: question.name, in: question.type === 'boolean' ? [true] : [] };
}

/** The listed answers that are strings: the choices of a list, the ids of people. */
export function listedStrings(condition: StartInputCondition): string[] {
  return condition.in.filter((v): v is string => typeof v === 'string');
}

/** The input the choices are picked with: several of the controlling list's options. */
export function choicesField(question: StartInput): Field {
  return { name: `${question.name}-choices`, type: 'multienum', options: question.options ?? [] };
}

/** The input a person is picked with. */
export function personField(question: StartInput): Field {
  return { name: `${question.name}-person`, type: 'user' };
}

/** The condition with the person at `k` set to `id`, or removed when `id` is null; `k` past the end adds one. */
export function withPerson(condition: StartInputCondition, k: number, id: string | null): StartInputCondition {
  const people = listedStrings(condition);
  const next = id === null ? people.filter((_, n) => n !== k) : k < people.length ? people.map((p, n) => (n === k ? id : p)) : [...people, id];
  return { ...condition, in: [...new Set(next)] };
}
