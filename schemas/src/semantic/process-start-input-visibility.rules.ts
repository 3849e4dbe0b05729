import type { StartInput } from '../../generated/definition.types.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { isConditionQuestion } from '../process/start-input-visibility.rules.js';
import { startInputValidator } from '../process/start-input.rules.js';
import { issue, type RuleContext } from './rule.context.js';
import { words } from './subject.words.js';

/*
 * A start-form question's condition (StartInput.visibleWhen): it names an EARLIER question, so
 * the form reads top-down and no two questions can hide each other; that question's answers are a
 * few discrete values (a list, yes/no, a person), which an analyst can list; and every listed
 * value is an answer that question would accept (a choice among its options), so no condition is
 * silently never met. A required question under a condition is fine: it is required when shown.
 */

const q = words.quoted;

const say = {
  question: (process: string, name: string): LocalizedMessage => ({
    ru: `Условие показа вопроса ${q(name).ru} формы запуска процесса ${q(process).ru}`,
    en: `The condition showing question ${q(name).en} of the start form of process ${q(process).en}`,
  }),
  unknown: (subject: LocalizedMessage, question: string): LocalizedMessage => ({
    ru: `${subject.ru} ссылается на вопрос ${q(question).ru}, которого в форме нет`,
    en: `${subject.en} names question ${q(question).en}, which the form does not ask`,
  }),
  notEarlier: (subject: LocalizedMessage, question: string, self: boolean): LocalizedMessage => ({
    ru: self ? `${subject.ru} ссылается на сам этот вопрос: выберите вопрос выше` : `${subject.ru} ссылается на вопрос ${q(question).ru}, который идёт ниже: выберите вопрос выше`,
    en: self ? `${subject.en} names the question itself: pick a question above it` : `${subject.en} names question ${q(question).en}, which comes after it: pick a question above it`,
  }),
  notChoice: (subject: LocalizedMessage, question: string, type: string): LocalizedMessage => ({
    ru: `${subject.ru} ссылается на вопрос ${q(question).ru} типа ${q(type).ru}: условие может зависеть только от выбора из списка, да/нет или сотрудника`,
    en: `${subject.en} names question ${q(question).en} of type ${q(type).en}: a condition can depend only on a choice from a list, a yes/no or a person`,
  }),
  noValues: (subject: LocalizedMessage): LocalizedMessage => ({
    ru: `${subject.ru} не перечисляет ни одного ответа: укажите, при каких ответах показывать вопрос`,
    en: `${subject.en} lists no answers: say which answers show the question`,
  }),
  badValue: (subject: LocalizedMessage, question: string, value: unknown, reason: LocalizedMessage): LocalizedMessage => ({
    ru: `${subject.ru}: ${q(String(value)).ru} — не ответ на вопрос ${q(question).ru} (${reason.ru})`,
    en: `${subject.en}: ${q(String(value)).en} is not an answer to question ${q(question).en} (${reason.en})`,
  }),
};

/** Why a value is not an answer `controller` would accept (null when it is one), by the question's own validator. */
function answerCheck(ctx: RuleContext, process: string, controller: StartInput): (value: unknown) => LocalizedMessage | null {
  // Checked as an answer left optional; a several-of-a-list answer as one choice of it.
  const validate = startInputValidator(ctx.app, process, [{ ...controller, required: false }]);
  return (value) => {
    const checked = validate({ [controller.name]: controller.type === 'multienum' ? [value] : value });
    return checked.ok ? null : (checked.errors[0]?.message ?? { ru: 'не подходит', en: 'does not fit' });
  };
}

/** The issues of the condition of the question at `index` of `inputs` (pointer `at`); none without one. */
export function visibleWhenIssues(ctx: RuleContext, process: string, inputs: readonly StartInput[], index: number, at: string): DefinitionIssue[] {
  const input = inputs[index];
  const condition = input?.visibleWhen;
  if (!input || !condition) return [];
  const scope = { process };
  const subject = say.question(process, input.name);
  const questionAt = joinPointer(at, 'visibleWhen', 'question');
  const controllerIndex = inputs.findIndex((i) => i.name === condition.question);
  const controller = inputs[controllerIndex];
  if (!controller) return [issue('START_INPUT_CONDITION_UNKNOWN_QUESTION', questionAt, say.unknown(subject, condition.question), scope)];
  if (controllerIndex >= index) return [issue('START_INPUT_CONDITION_NOT_EARLIER', questionAt, say.notEarlier(subject, condition.question, controllerIndex === index), scope)];
  if (!isConditionQuestion(controller)) return [issue('START_INPUT_CONDITION_NOT_CHOICE', questionAt, say.notChoice(subject, condition.question, controller.type), scope)];
  if (condition.in.length === 0) return [issue('START_INPUT_CONDITION_WITHOUT_VALUES', joinPointer(at, 'visibleWhen', 'in'), say.noValues(subject), scope)];
  const problemOf = answerCheck(ctx, process, controller);
  return condition.in.flatMap((value, k) => {
    const problem = problemOf(value);
    return problem ? [issue('START_INPUT_CONDITION_INVALID_VALUE', joinPointer(at, 'visibleWhen', 'in', k), say.badValue(subject, condition.question, value, problem), scope)] : [];
  });
}
