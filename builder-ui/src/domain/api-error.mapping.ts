import type { ApiErrorDetail, UiLocale } from '@crm/schemas';
import { loadErrorMessage } from './load-error.mapping.js';

/*
 * The runtime's error details carry `field` and the message in both languages (`message`,
 * `message_ru`). A form shows each next to its field; details without a field go above the form.
 */

export function detailMessage(detail: ApiErrorDetail, locale: UiLocale): string | undefined {
  return locale === 'ru' ? (detail.message_ru ?? detail.message) : detail.message;
}

/** The first message per field, in the user's language; fields are those the form has. */
export function fieldMessages(details: readonly ApiErrorDetail[], locale: UiLocale, formFields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const detail of details) {
    const message = detailMessage(detail, locale);
    if (!detail.field || !message || !formFields.includes(detail.field) || out[detail.field] !== undefined) continue;
    out[detail.field] = message;
  }
  return out;
}

/** Messages of details the form has no field for (e.g. a throttle on the client's address). */
export function formLevelMessages(details: readonly ApiErrorDetail[], locale: UiLocale, formFields: readonly string[]): string[] {
  return details
    .filter((detail) => !detail.field || !formFields.includes(detail.field))
    .map((detail) => detailMessage(detail, locale))
    .filter((message): message is string => message !== undefined);
}

/** A refusal in one line for a page without a form: its first detail in the user's language, else its message. */
export function refusalLine(error: { message: string; details: readonly ApiErrorDetail[] }, locale: UiLocale): string {
  const first = error.details[0];
  return (first && detailMessage(first, locale)) ?? error.message;
}

function isRefusal(error: unknown): error is { status: number; message: string; details: readonly ApiErrorDetail[] } {
  return (
    typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500 && 'message' in error && typeof error.message === 'string' && 'details' in error && Array.isArray(error.details)
  );
}

/**
 * What went wrong with an action (a retry, a process start), in one line: the server's refusal
 * (a 4xx) in its own words in the user's language, anything else (a network failure, a 5xx) as the
 * screens' load-error sentence.
 */
export function actionErrorLine(error: unknown, locale: UiLocale, t: (key: string, named?: Record<string, unknown>) => string): string {
  return isRefusal(error) ? refusalLine(error, locale) : loadErrorMessage(error, t);
}
