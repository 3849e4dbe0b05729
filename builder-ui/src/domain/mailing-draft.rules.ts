import type { App, MailingDraft, RecipientStatus } from '@crm/schemas';

/*
 * What the mailings screens decide without the server: which entities can be mailed (those with
 * an e-mail field), whether a mailing draft is ready to save (each problem keyed by its input, as
 * the server's 422 details are, so both show in the same place), which server details belong to
 * which input, and the results' status rows in a fixed order with their share.
 */

export interface MailableEntity {
  name: string;
  label: { ru: string; en: string };
  emailFields: string[];
}

export function mailableEntities(app: App): MailableEntity[] {
  return app.entities.flatMap((entity) => {
    const emailFields = entity.fields.filter((f) => f.type === 'email').map((f) => f.name);
    return emailFields.length > 0 ? [{ name: entity.name, label: { ru: entity.pluralLabel?.ru ?? entity.label.ru ?? entity.name, en: entity.pluralLabel?.en ?? entity.label.en ?? entity.name }, emailFields }] : [];
  });
}

export type DraftProblemKey = 'required' | 'throttle';

export const THROTTLE_MAX = 10_000;

/** Problems of a draft by input name; empty when it can be saved. */
export function mailingDraftProblems(draft: MailingDraft): Partial<Record<keyof MailingDraft, DraftProblemKey>> {
  const out: Partial<Record<keyof MailingDraft, DraftProblemKey>> = {};
  if (draft.name.trim() === '') out.name = 'required';
  if (draft.segment === '') out.segment = 'required';
  if (draft.subject.trim() === '') out.subject = 'required';
  if (draft.body.trim() === '') out.body = 'required';
  if (!Number.isInteger(draft.throttlePerMinute) || draft.throttlePerMinute < 1 || draft.throttlePerMinute > THROTTLE_MAX) out.throttlePerMinute = 'throttle';
  return out;
}

/** The server's error details by the input they name, in the person's language. */
export function detailsByField(details: ReadonlyArray<{ field?: string; message?: string; message_ru?: string }>, locale: 'ru' | 'en'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const detail of details) {
    const key = detail.field ?? 'form';
    if (out[key] !== undefined) continue;
    out[key] = (locale === 'ru' && detail.message_ru ? detail.message_ru : detail.message) ?? '';
  }
  return out;
}

export const STATUS_ORDER: readonly RecipientStatus[] = ['queued', 'sent', 'clicked', 'unsubscribed', 'failed'];

export interface StatusRow {
  status: RecipientStatus;
  count: number;
  /** Whole percent of all recipients (0 when there are none). */
  percent: number;
}

export function statusRows(byStatus: Readonly<Record<RecipientStatus, number>>, total: number): StatusRow[] {
  return STATUS_ORDER.map((status) => {
    const count = byStatus[status] ?? 0;
    return { status, count, percent: total > 0 ? Math.round((count / total) * 100) : 0 };
  });
}
