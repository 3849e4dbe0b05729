import { startInputField, startInputSchema, type ApiErrorDetail, type App, type Field, type RecordSchema, type UiLocale, type WorkspaceProcess } from '@crm/schemas';
import { fieldMessages } from './api-error.mapping.js';
import type { FieldState } from './form-rules.policy.js';
import { validateValuesAgainst, type RecordIssue } from './record-validation.rules.js';

/*
 * A manual process's start form in the workspace (trigger.inputs, sent by the server to those who
 * may start it): its questions as the fields they are answered like, drawn with the record form's
 * inputs; the answers checked with the schema the server checks them with before they are sent;
 * and the server's refusals (details at `input.<question>`) put back next to their questions.
 */

export interface StartForm {
  fields: Field[];
  schema: RecordSchema;
  /** Every question is shown and editable; required as its definition says. */
  states: Record<string, FieldState>;
}

/** The form a process asks before it starts; null when it asks nothing. */
export function startFormOf(definition: App, process: Pick<WorkspaceProcess, 'name' | 'inputs'>): StartForm | null {
  const inputs = process.inputs ?? [];
  if (inputs.length === 0) return null;
  const fields = inputs.map(startInputField);
  const states = Object.fromEntries(fields.map((f) => [f.name, { visible: true, required: f.required === true, readOnly: false }]));
  return { fields, schema: startInputSchema(definition, process.name, inputs), states };
}

/** The answers a new form starts with: a yes/no question "no", a several-of-a-list one none, the rest empty. */
export function blankAnswers(form: StartForm): Record<string, unknown> {
  return Object.fromEntries(form.fields.map((f) => [f.name, f.type === 'boolean' ? false : f.type === 'multienum' ? [] : null]));
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** What is sent: the questions answered (a question left empty is not sent; the run reads it as null). */
export function answersToSend(form: StartForm, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(form.fields.flatMap((f) => (isEmpty(values[f.name]) ? [] : [[f.name, values[f.name]]])));
}

/** The first problem of each question, in form order; none when the answers may be sent. */
export function checkAnswers(form: StartForm, values: Readonly<Record<string, unknown>>): RecordIssue[] {
  return validateValuesAgainst(form.schema, answersToSend(form, values), form.states);
}

const INPUT_PREFIX = 'input.';

/** The server's refusals of answers, by question, in the person's language. */
export function answerMessages(form: StartForm, details: readonly ApiErrorDetail[], locale: UiLocale): Record<string, string> {
  const questions = form.fields.map((f) => f.name);
  const atQuestions = details.flatMap((d) => (d.field?.startsWith(INPUT_PREFIX) ? [{ ...d, field: d.field.slice(INPUT_PREFIX.length) }] : []));
  return fieldMessages(atQuestions, locale, questions);
}
