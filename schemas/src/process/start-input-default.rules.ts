import type { StartInput } from '../../generated/definition.types.js';
import { calendarDateIn } from '../record/calendar-date.rules.js';
import { isStartInputShown } from './start-input-visibility.rules.js';

/*
 * A start-form question's default answer (StartInput.default): the form opens with it, and a start
 * that sends no answer to the question gets it too (an answer sent as null means the starter
 * cleared it, and stays null). Besides a literal of the question's type, three words stand for
 * the moment of the start, as they do in record field defaults: "$user" (who starts) for a person,
 * "$today" for a date and "$now" for a date and time.
 */

/** The word a question's type may take as its default, if any. */
export const START_DEFAULT_WORDS: Readonly<Partial<Record<StartInput['type'], string>>> = { user: '$user', date: '$today', datetime: '$now' };

export interface StartDefaultsContext {
  /** Who starts: what "$user" stands for (null when no person is known). */
  userId: string | null;
  now: Date;
  /** The app's IANA timezone, which "$today" is taken in. */
  timezone: string;
}

/** Whether the default is one of the words rather than a literal answer. */
export function isDefaultWord(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('$');
}

/** The question's default as an answer at the start; undefined when it has none. */
export function startDefaultOf(input: StartInput, ctx: StartDefaultsContext): unknown {
  const value = input.default;
  if (value === undefined || input.type === 'relation') return undefined;
  if (value === '$user') return input.type === 'user' ? ctx.userId : undefined;
  if (value === '$today') return input.type === 'date' ? calendarDateIn(ctx.now, ctx.timezone) : undefined;
  if (value === '$now') return input.type === 'datetime' ? ctx.now.toISOString() : undefined;
  return Array.isArray(value) ? [...value] : value;
}

/**
 * The answers at the start, walking the form top-down: a question its condition hides
 * (visibleWhen, decided on the answers above it, their defaults applied) loses its answer and gets
 * no default; a shown one the start left out gets its default (own keys only). Input that is not
 * an object is left for validation to refuse.
 */
export function withStartDefaults(inputs: readonly StartInput[], answers: unknown, ctx: StartDefaultsContext): unknown {
  if (answers !== undefined && answers !== null && (typeof answers !== 'object' || Array.isArray(answers))) return answers;
  const out: Record<string, unknown> = { ...(answers ?? {}) };
  for (const input of inputs) {
    if (!isStartInputShown(inputs, input, out)) {
      delete out[input.name];
      continue;
    }
    if (Object.hasOwn(out, input.name)) continue;
    const value = startDefaultOf(input, ctx);
    if (value !== undefined && value !== null) out[input.name] = value;
  }
  return out;
}
