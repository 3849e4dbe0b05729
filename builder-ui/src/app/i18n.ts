import { createI18n } from 'vue-i18n';
import type { UiLocale } from '@crm/schemas';
import ru from '../i18n/ru.json';
import en from '../i18n/en.json';
import { russianPluralIndex } from '../domain/plural.rules.js';

/*
 * Messages are compiled at build time by @intlify/unplugin-vue-i18n (no runtime compiler, no eval).
 * The Russian file is the schema: an English file missing a key fails the type check, and
 * i18n/messages.test.ts fails either way round. Each screen area keeps its own pair of files,
 * i18n/ru/<area>.json and i18n/en/<area>.json, mounted at the key <area> (`processes.palette.search`),
 * so areas built side by side never edit the same file.
 */
export type MessageSchema = typeof ru;

type AreaMessages = Record<string, unknown>;

const RU_AREAS = import.meta.glob<AreaMessages>('../i18n/ru/*.json', { eager: true, import: 'default' });
const EN_AREAS = import.meta.glob<AreaMessages>('../i18n/en/*.json', { eager: true, import: 'default' });

/** `{ '../i18n/ru/processes.json': {...} }` as `{ processes: {...} }`. */
function byArea(files: Record<string, AreaMessages>): Record<string, AreaMessages> {
  return Object.fromEntries(Object.entries(files).map(([file, messages]) => [file.replace(/^.*\/|\.json$/g, ''), messages]));
}

export function createAppI18n(locale: UiLocale) {
  return createI18n<[MessageSchema], UiLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'ru',
    messages: { ru: { ...ru, ...byArea(RU_AREAS) }, en: { ...en, ...byArea(EN_AREAS) } },
    pluralRules: { ru: russianPluralIndex },
    missingWarn: false,
    fallbackWarn: false,
  });
}
