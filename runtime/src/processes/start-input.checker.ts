import type { JsonValue } from '@crm/engine';
import type { Knex } from 'knex';
import { appTimezoneOf, hiddenStartInputs, startInputValidator, startInputsOf, withStartDefaults, type App, type Process } from '@crm/schemas';
import { isAppError, type ErrorDetail } from '../errors/index.js';
import { findUserById } from '../people/users.repository.js';
import { validationFailed, type RecordService } from '../records/index.js';

/*
 * A manual start's answers to the process's start form (trigger.inputs), before any run is queued:
 * checked and normalised like record fields (@crm/schemas start-input.rules.ts), then every person
 * named must be an active user and every record named one the starter may read, so a run never
 * carries an id its starter could not have picked. All problems come back in one 400, each detail
 * at `input.<question>`, and nothing is written. A question the start leaves out gets its default
 * answer ("$user" being the starter); one sent as null was cleared and stays empty. A question
 * its condition hides (visibleWhen) is not asked: whatever was sent for it is dropped unchecked, it
 * is not required, gets no default, and is null in the run. A process without a form takes
 * `input` as sent.
 */

const at = (name: string): string => `input.${name}`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function userProblem(knex: Knex, name: string, id: string): Promise<ErrorDetail | null> {
  const user = await findUserById(knex, id);
  if (user && !user.disabled) return null;
  return { field: at(name), code: 'INVALID_REFERENCE', message: `There is no active user ${id}.`, message_ru: `Нет активного пользователя ${id}.` };
}

async function recordProblem(records: RecordService, name: string, target: string, id: string): Promise<ErrorDetail | null> {
  try {
    await records.get(target, id);
    return null;
  } catch (error) {
    if (!isAppError(error) || (error.status !== 404 && error.status !== 403)) throw error;
    return {
      field: at(name),
      code: 'INVALID_REFERENCE',
      message: `There is no ${target} record ${id} you may read.`,
      message_ru: `Записи «${target}» ${id} нет или она вам недоступна.`,
    };
  }
}

/** The answers as the run receives them (trigger.input); throws 400 VALIDATION_FAILED naming each bad one. */
export async function checkedStartInput(deps: { knex: Knex; app: App; records: RecordService; starterId: string; now: Date }, process: Process, input: unknown): Promise<JsonValue> {
  const inputs = startInputsOf(process.trigger);
  if (inputs.length === 0) return JSON.parse(JSON.stringify(input ?? null)) as JsonValue;
  // Defaults first (a condition reads the answers above it with their defaults), hidden answers dropped.
  const answers = withStartDefaults(inputs, input, { userId: deps.starterId, now: deps.now, timezone: appTimezoneOf(deps.app) });
  const hidden = isPlainObject(answers) ? hiddenStartInputs(inputs, answers) : new Set<string>();
  const result = startInputValidator(deps.app, process.name, inputs, hidden)(answers);
  if (!result.ok) {
    throw validationFailed(result.errors.map((e) => ({ field: at(e.field), code: e.code, message: e.message.en, message_ru: e.message.ru })));
  }
  const problems: ErrorDetail[] = [];
  for (const question of inputs) {
    const value = result.value[question.name];
    if (typeof value !== 'string') continue;
    const problem =
      question.type === 'user' ? await userProblem(deps.knex, question.name, value) : question.type === 'relation' && question.target ? await recordProblem(deps.records, question.name, question.target, value) : null;
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw validationFailed(problems);
  return result.value as JsonValue;
}
