import type { UiLocale } from '@crm/schemas';
import { isApiError } from '../api/http.client.js';
import { refusalLine } from '../domain/api-error.mapping.js';

/** Why an action on one item was refused, in one line in the person's language: the server's own words, else the error's. */
export function refusalReason(error: unknown, locale: UiLocale): string {
  if (isApiError(error)) return refusalLine(error, locale);
  return error instanceof Error ? error.message : String(error);
}
