import { appTimezoneOf, hiddenStartInputs, startDefaultOf, startInputField, startInputSchema, type ApiErrorDetail, type App, type Field, type RecordSchema, type StartInput, type UiLocale, type WorkspaceProcess } from '@crm/schemas';
import { fieldMessages } from './api-error.mapping.js';
import type { FieldState } from './form-rules.policy.js';
import { validateValuesAgainst, type RecordIssue } from './record-validation.rules.js';

/*
 * A manual process's start form in the workspace (trigger.inputs, sent by the server to those who
 * may start it): its questions as the fields they are answered like, drawn with the record form's
 * inputs, opening with each question's default answer; the answers checked with the schema the
 * server checks them with before they are sent; and the server's refusals (details at
 * `input.<question>`) put back next to their questions. A conditional question (visibleWhen) shows
 * only while the earlier answer it depends on is one of its values, decided by the same code the
 * start route runs (@crm/schemas hiddenStartInputs): hidden, it is neither required nor sent, and
 * what was typed in it stays for when it shows again.
 */

export interface StartForm {
  fields: Field[];
  schema: RecordSchema;
  /** Every question as defined, before any answer: shown and editable, required as its definition says (startFormStates has the live ones). */
  states: Record<string, FieldState>;
  /** The questions as defined: their default answers. */
  inputs: readonly StartInput[];
  /** The app's timezone, which a "$today" default is taken in (as the server takes it). */
  timezone: string;
}

/** The form a process asks before it starts; null when it asks nothing. */
export function startFormOf(definition: App, process: Pick<WorkspaceProcess, 'name' | 'inputs'>): StartForm | null {
  const inputs = process.inputs ?? [];
  if (inputs.length === 0) return null;
  const fields = inputs.map(startInputField);
  const states = Object.fromEntries(fields.map((f) => [f.name, { visible: true, required: f.required === true, readOnly: false }]));
  return { fields, schema: startInputSchema(definition, process.name, inputs), states, inputs, timezone: appTimezoneOf(definition) };
}

/** Who opens the form, and when: what "$user", "$today" and "$now" defaults stand for. */
export interface StartMoment {
  userId: string | null;
  now: Date;
}

function blankOf(field: Field): unknown {
  return field.type === 'boolean' ? false : field.type === 'multienum' ? [] : null;
}

/** The answers a new form starts with: each question's default, else a yes/no question "no", a several-of-a-list one none, the rest empty. */
export function blankAnswers(form: StartForm, moment: StartMoment): Record<string, unknown> {
  const ctx = { ...moment, timezone: form.timezone };
  return Object.fromEntries(
    form.fields.map((field, k) => {
      const input = form.inputs[k];
      const value = input ? startDefaultOf(input, ctx) : undefined;
      return [field.name, value === undefined || value === null ? blankOf(field) : value];
    }),
  );
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Each question's live state for these answers: one its condition hides is not visible, so not required. */
export function startFormStates(form: StartForm, values: Readonly<Record<string, unknown>>): Record<string, FieldState> {
  const hidden = hiddenStartInputs(form.inputs, values);
  return Object.fromEntries(
    Object.entries(form.states).map(([name, state]) => [name, hidden.has(name) ? { ...state, visible: false, required: false } : state]),
  );
}

/** The questions shown for these answers, in form order. */
export function shownFields(form: StartForm, values: Readonly<Record<string, unknown>>): Field[] {
  const hidden = hiddenStartInputs(form.inputs, values);
  return form.fields.filter((f) => !hidden.has(f.name));
}

/**
 * What is sent: every shown question, one left empty as null, so a default the person cleared is
 * not put back by the server; a hidden one not at all (the server would drop it).
 */
export function answersToSend(form: StartForm, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(shownFields(form, values).map((f) => [f.name, isEmpty(values[f.name]) ? null : values[f.name]]));
}

/** The first problem of each shown question, in form order; none when the answers may be sent. */
export function checkAnswers(form: StartForm, values: Readonly<Record<string, unknown>>): RecordIssue[] {
  return validateValuesAgainst(form.schema, answersToSend(form, values), startFormStates(form, values));
}

const INPUT_PREFIX = 'input.';

/** The server's refusals of answers, by question, in the person's language. */
export function answerMessages(form: StartForm, details: readonly ApiErrorDetail[], locale: UiLocale): Record<string, string> {
  const questions = form.fields.map((f) => f.name);
  const atQuestions = details.flatMap((d) => (d.field?.startsWith(INPUT_PREFIX) ? [{ ...d, field: d.field.slice(INPUT_PREFIX.length) }] : []));
  return fieldMessages(atQuestions, locale, questions);
}
