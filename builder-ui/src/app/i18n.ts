import { createI18n } from 'vue-i18n';
import type { UiLocale } from '@crm/schemas';
import ru from '../i18n/ru.json';
import en from '../i18n/en.json';
import { russianPluralIndex } from '../domain/plural.rules.js';

/*
 * Messages are compiled at build time by @intlify/unplugin-vue-i18n (no runtime compiler, no eval).
 * The Russian file is the schema: an English file missing a key fails the type check, and
 * i18n/messages.test.ts fails either way round.
 */
export type MessageSchema = typeof ru;

export function createAppI18n(locale: UiLocale) {
  return createI18n<[MessageSchema], UiLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'ru',
    messages: { ru, en },
    pluralRules: { ru: russianPluralIndex },
    missingWarn: false,
    fallbackWarn: false,
  });
}
