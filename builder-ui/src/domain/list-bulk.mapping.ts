import type { UiLocale } from '@crm/schemas';

/*
 * A bulk action's answer as the list shows it: how many were done, and each refused record by its
 * title with the reason in the person's language.
 */

export type BulkOutcomeItem = { id: string; ok: true } | { id: string; ok: false; code: string; message: string; message_ru?: string };

export interface RefusedLine {
  id: string;
  title: string;
  reason: string;
}

export function refusedLines(results: readonly BulkOutcomeItem[], titleOf: (id: string) => string, locale: UiLocale): RefusedLine[] {
  return results.flatMap((r) => (r.ok ? [] : [{ id: r.id, title: titleOf(r.id), reason: locale === 'ru' ? (r.message_ru ?? r.message) : r.message }]));
}

export function doneIds(results: readonly BulkOutcomeItem[]): string[] {
  return results.filter((r) => r.ok).map((r) => r.id);
}
