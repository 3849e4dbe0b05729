import type { StartInput, StartInputCondition } from '../../generated/definition.types.js';

/*
 * Conditional questions on a start form (StartInput.visibleWhen, Salesforce's "conditional
 * visibility"): a question is shown only when the answer to an earlier question is one of the
 * listed values. A hidden question is not asked: its answer is dropped, it is not required, and it
 * gets no default. The form is walked top-down, and an answer to a hidden question counts as none,
 * so a question shown only by a hidden one is hidden too. Browser-safe: the start dialog hides and
 * shows questions with this, and the start route decides what it keeps with the same code.
 */

/** The question types whose answers are a few discrete values an analyst can list. */
export const CONDITION_QUESTION_TYPES: ReadonlySet<StartInput['type']> = new Set(['enum', 'multienum', 'boolean', 'user']);

/** Whether a question of this type may control others' visibility. */
export function isConditionQuestion(input: Pick<StartInput, 'type'>): boolean {
  return CONDITION_QUESTION_TYPES.has(input.type);
}

/**
 * Whether `answer` (the controlling question's) meets the condition: it is one of the listed
 * values; a several-of-a-list answer meets it when it includes one of them. A yes/no question left
 * unanswered is "no", as its unticked checkbox reads in the dialog.
 */
export function meetsStartCondition(condition: StartInputCondition, controller: Pick<StartInput, 'type'> | undefined, answer: unknown): boolean {
  const value = controller?.type === 'boolean' && (answer === undefined || answer === null) ? false : answer;
  if (Array.isArray(value)) return value.some((v) => condition.in.includes(v));
  return (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && condition.in.includes(value);
}

/**
 * Whether `input` is shown given the answers to the questions shown before it (`shownAnswers`
 * holds no key for a hidden one). A condition naming no earlier question hides nothing the
 * definition check has not already refused, so it is evaluated against no answer.
 */
export function isStartInputShown(inputs: readonly StartInput[], input: StartInput, shownAnswers: Readonly<Record<string, unknown>>): boolean {
  const condition = input.visibleWhen;
  if (!condition) return true;
  const controller = inputs.find((i) => i.name === condition.question);
  const answer = Object.hasOwn(shownAnswers, condition.question) ? shownAnswers[condition.question] : undefined;
  return meetsStartCondition(condition, controller, answer);
}

/** The names of the questions hidden for these answers, walking the form top-down. */
export function hiddenStartInputs(inputs: readonly StartInput[], answers: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const hidden = new Set<string>();
  const shown: Record<string, unknown> = {};
  for (const input of inputs) {
    if (!isStartInputShown(inputs, input, shown)) hidden.add(input.name);
    else if (Object.hasOwn(answers, input.name)) shown[input.name] = answers[input.name];
  }
  return hidden;
}
