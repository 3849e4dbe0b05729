import { startInputField, type RunAnswer } from '@crm/schemas';
import { formatFieldValue, type FieldFormatContext } from '../fields/field-format.rules.js';
import { localizedText } from './localized-text.rules.js';

/*
 * A manual run's start-form answers as its line on the record's timeline reads them: "Кого
 * попросить: Дмитрий Петров", "Срочность: Срочно (4 часа)". Each answer is shown as a record field
 * of the question's type would be (money with its currency, a date in the person's format, a
 * choice by its label), a person or a record by the name or title the server sent with it.
 */

export interface RunAnswerLine {
  name: string;
  label: string;
  text: string;
}

export function runAnswerLines(answers: readonly RunAnswer[], context: Pick<FieldFormatContext, 'locale' | 'timeZone' | 'currency'>): RunAnswerLine[] {
  return answers.flatMap((answer) => {
    const field = startInputField(answer.question);
    const named = typeof answer.value === 'string' && answer.title ? { [answer.value]: answer.title } : {};
    const text = formatFieldValue(field, answer.value, { ...context, userNames: named, relationTitles: named });
    return text === '' ? [] : [{ name: field.name, label: localizedText(field.label, context.locale, field.name), text }];
  });
}
