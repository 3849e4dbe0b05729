import type { LocalizedText, UiLocale } from '@crm/schemas';

/** A definition's text in the interface language: Russian falls back to English (the one required). */
export function localizedText(text: LocalizedText | undefined, locale: UiLocale, fallback: string): string {
  if (!text) return fallback;
  return locale === 'ru' ? (text.ru ?? text.en) : text.en;
}
