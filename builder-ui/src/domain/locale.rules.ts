import type { UiLocale } from '@crm/schemas';

export const SUPPORTED_LOCALES: readonly UiLocale[] = ['ru', 'en'];
export const DEFAULT_LOCALE: UiLocale = 'ru';

export function asUiLocale(value: unknown): UiLocale | null {
  return SUPPORTED_LOCALES.find((locale) => locale === value) ?? null;
}

/**
 * Before sign-in (and for a user who never chose) the browser's languages decide: the first one
 * we speak, by its primary subtag ("en-GB" -> en); Russian when none matches.
 */
export function pickBrowserLocale(languages: readonly string[]): UiLocale {
  for (const tag of languages) {
    const locale = asUiLocale(tag.toLowerCase().split('-')[0]);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
