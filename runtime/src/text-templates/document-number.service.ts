import { formatDocumentNumber, numberingPeriod, numberingSequence, type NumberDate, type TextTemplate } from '@crm/schemas';
import type { Knex } from 'knex';
import { peekSequenceNumber, takeSequenceNumber, type SequenceKey } from './document-sequence.store.js';

/*
 * A numbered template's document number ({{ document.number }}): the format of the template's
 * numbering (template-text-number.rules in @crm/schemas) filled with the next value of its
 * sequence, in the year and month of the document in the app's time zone (a document made at
 * 00:30 on 1 January in Moscow is of the new year, and a yearly counter starts again for it).
 */

/** The year and month of an instant in a time zone. */
export function numberDate(at: string, timeZone: string): NumberDate {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month') };
}

interface NumberingContext {
  now: string;
  app: { timeZone: string };
}

function keyOf(template: TextTemplate, date: NumberDate): SequenceKey | null {
  if (template.kind !== 'document' || !template.numbering) return null;
  return { name: numberingSequence(template.numbering, template.name), period: numberingPeriod(template.numbering, date) };
}

/** Takes the template's next number in `trx` (null when it is not numbered); see document-sequence.store. */
export async function takeDocumentNumber(trx: Knex, template: TextTemplate, context: NumberingContext): Promise<string | null> {
  const date = numberDate(context.now, context.app.timeZone);
  const key = keyOf(template, date);
  if (!key || !template.numbering) return null;
  return formatDocumentNumber(template.numbering.format, await takeSequenceNumber(trx, key), date);
}

/** The number the next document would get, not taken: what a preview prints. */
export async function previewDocumentNumber(knex: Knex, template: TextTemplate, context: NumberingContext): Promise<string | null> {
  const date = numberDate(context.now, context.app.timeZone);
  const key = keyOf(template, date);
  if (!key || !template.numbering) return null;
  return formatDocumentNumber(template.numbering.format, await peekSequenceNumber(knex, key), date);
}
