import type { Process, StartInput } from '../../generated/definition.types.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { START_DEFAULT_WORDS, isDefaultWord } from '../process/start-input-default.rules.js';
import { startInputValidator } from '../process/start-input.rules.js';
import { visibleWhenIssues } from './process-start-input-visibility.rules.js';
import { issue, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { words } from './subject.words.js';

/*
 * A manual trigger's start form: each question has its own name; a list question has choices with
 * distinct values; a record question names an existing entity; a property a question's type does not
 * use (choices on a date, say) is an error rather than silently ignored, since the analyst meant
 * something by it; a default answer is one the question itself would accept (or the word of its
 * type: "$user", "$today", "$now"), so the form never opens with an answer it then refuses; a
 * condition showing the question (visibleWhen) is checked in process-start-input-visibility.rules.ts.
 */

const q = words.quoted;
const LISTS: ReadonlySet<StartInput['type']> = new Set(['enum', 'multienum']);

const say = {
  duplicate: (process: string, name: string): LocalizedMessage => ({
    ru: `Форма запуска процесса ${q(process).ru} спрашивает ${q(name).ru} дважды: у вопросов разные имена`,
    en: `The start form of process ${q(process).en} asks ${q(name).en} twice: questions need distinct names`,
  }),
  noOptions: (process: string, name: string): LocalizedMessage => ({
    ru: `Вопрос ${q(name).ru} формы запуска процесса ${q(process).ru} — список без вариантов: задайте options`,
    en: `Question ${q(name).en} of the start form of process ${q(process).en} is a list with no choices: give it options`,
  }),
  duplicateOption: (process: string, name: string, value: string): LocalizedMessage => ({
    ru: `Вариант ${q(value).ru} повторяется в вопросе ${q(name).ru} формы запуска процесса ${q(process).ru}`,
    en: `Choice ${q(value).en} appears twice in question ${q(name).en} of the start form of process ${q(process).en}`,
  }),
  noTarget: (process: string, name: string): LocalizedMessage => ({
    ru: `Вопрос ${q(name).ru} формы запуска процесса ${q(process).ru} выбирает запись: укажите сущность (target)`,
    en: `Question ${q(name).en} of the start form of process ${q(process).en} picks a record: name its entity (target)`,
  }),
  unused: (process: string, name: string, property: string, type: string): LocalizedMessage => ({
    ru: `Вопрос ${q(name).ru} формы запуска процесса ${q(process).ru} типа ${q(type).ru} не использует ${q(property).ru}: уберите это свойство`,
    en: `Question ${q(name).en} of the start form of process ${q(process).en} is of type ${q(type).en}, which does not use ${q(property).en}: remove it`,
  }),
  badDefault: (process: string, name: string, reason: LocalizedMessage): LocalizedMessage => ({
    ru: `Ответ по умолчанию на вопрос ${q(name).ru} формы запуска процесса ${q(process).ru} не подходит: ${reason.ru}`,
    en: `The default answer to question ${q(name).en} of the start form of process ${q(process).en} does not fit: ${reason.en}`,
  }),
  wrongWord: (type: string, word: string, allowed: string | undefined): LocalizedMessage => ({
    ru: allowed ? `для вопроса типа ${q(type).ru} можно только ${q(allowed).ru}, не ${q(word).ru}` : `у вопроса типа ${q(type).ru} нет подстановки ${q(word).ru}: задайте значение`,
    en: allowed ? `a question of type ${q(type).en} takes only ${q(allowed).en}, not ${q(word).en}` : `a question of type ${q(type).en} has no ${q(word).en}: give a value`,
  }),
};

function defaultIssues(ctx: RuleContext, process: string, input: StartInput, at: string): DefinitionIssue[] {
  const value = input.default;
  if (value === undefined) return [];
  const pointer = joinPointer(at, 'default');
  const scope = { process };
  if (input.type === 'relation') return [issue('START_INPUT_UNUSED_PROPERTY', pointer, say.unused(process, input.name, 'default', input.type), scope)];
  if (isDefaultWord(value)) {
    const allowed = START_DEFAULT_WORDS[input.type];
    return allowed === value ? [] : [issue('INVALID_DEFAULT', pointer, say.badDefault(process, input.name, say.wrongWord(input.type, value, allowed)), scope)];
  }
  // Checked by the question's own validator: the type, the choices, the length, the format.
  const checked = startInputValidator(ctx.app, process, [input])({ [input.name]: value });
  if (checked.ok) return [];
  const [first] = checked.errors;
  return first ? [issue('INVALID_DEFAULT', pointer, say.badDefault(process, input.name, first.message), scope)] : [];
}

function questionIssues(ctx: RuleContext, process: string, input: StartInput, at: string): DefinitionIssue[] {
  const scope = { process };
  const issues: DefinitionIssue[] = [];
  if (LISTS.has(input.type)) {
    if (!input.options || input.options.length === 0) issues.push(issue('START_INPUT_WITHOUT_OPTIONS', joinPointer(at, 'options'), say.noOptions(process, input.name), scope));
    const seen = new Set<string>();
    (input.options ?? []).forEach((option, k) => {
      if (seen.has(option.value)) issues.push(issue('DUPLICATE_OPTION', joinPointer(at, 'options', k, 'value'), say.duplicateOption(process, input.name, option.value), scope));
      seen.add(option.value);
    });
  } else if (input.options !== undefined && input.options.length > 0) {
    issues.push(issue('START_INPUT_UNUSED_PROPERTY', joinPointer(at, 'options'), say.unused(process, input.name, 'options', input.type), scope));
  }
  if (input.type === 'relation') {
    if (input.target === undefined) issues.push(issue('START_INPUT_WITHOUT_TARGET', joinPointer(at, 'target'), say.noTarget(process, input.name), scope));
    else if (!ctx.catalog.entity(input.target)) issues.push(issue('UNKNOWN_ENTITY', joinPointer(at, 'target'), m.unknownEntity(words.trigger(process), input.target), scope));
  } else if (input.target !== undefined) {
    issues.push(issue('START_INPUT_UNUSED_PROPERTY', joinPointer(at, 'target'), say.unused(process, input.name, 'target', input.type), scope));
  }
  if (input.type !== 'money' && input.currency !== undefined) {
    issues.push(issue('START_INPUT_UNUSED_PROPERTY', joinPointer(at, 'currency'), say.unused(process, input.name, 'currency', input.type), scope));
  }
  return [...issues, ...defaultIssues(ctx, process, input, at)];
}

/** The issues of a manual trigger's start form (trigger.inputs); none for other triggers. */
export function startInputIssues(ctx: RuleContext, process: Process, triggerAt: string): DefinitionIssue[] {
  if (process.trigger.type !== 'manual') return [];
  const seen = new Set<string>();
  const inputs = process.trigger.inputs ?? [];
  return inputs.flatMap((input, k) => {
    const at = joinPointer(triggerAt, 'inputs', k);
    const repeated = seen.has(input.name);
    seen.add(input.name);
    return [
      ...(repeated ? [issue('DUPLICATE_NAME', joinPointer(at, 'name'), say.duplicate(process.name, input.name), { process: process.name })] : []),
      ...questionIssues(ctx, process.name, input, at),
      ...visibleWhenIssues(ctx, process.name, inputs, k, at),
    ];
  });
}
