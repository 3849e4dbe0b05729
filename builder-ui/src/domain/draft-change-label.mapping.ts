import type { UiLocale } from '@crm/schemas';

/*
 * Undo and redo name what they undo. Draft changes carry an English label made by the editor's
 * builders ("Rename field amount"); in Russian the toolbar shows the known ones in Russian and the
 * rest (another designer's) as they are.
 */

const RUSSIAN: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Add entity (.+)$/, 'создание сущности $1'],
  [/^Add field (.+)$/, 'добавление поля $1'],
  [/^Rename entity (.+)$/, 'переименование сущности $1'],
  [/^Rename field (.+)$/, 'переименование поля $1'],
  [/^Move field (.+)$/, 'перемещение поля $1'],
  [/^Delete field (.+)$/, 'удаление поля $1'],
  [/^Delete entity (.+)$/, 'удаление сущности $1'],
  [/^Change type of (.+)$/, 'смена типа поля $1'],
  [/^Change (\w+) of (.+)$/, 'изменение «$1» поля $2'],
  [/^Add option (.+)$/, 'добавление варианта $1'],
  [/^Change option (.+)$/, 'изменение варианта $1'],
  [/^Remove option (.+)$/, 'удаление варианта $1'],
  [/^Move option (.+)$/, 'перемещение варианта $1'],
  [/^Change relation (.+)$/, 'изменение связи $1'],
  [/^Title field of (.+)$/, 'поле-заголовок сущности $1'],
  [/^Search fields of (.+)$/, 'поля поиска сущности $1'],
];

const ENGLISH_LOWER_FIRST = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

export function draftChangeLabel(label: string, locale: UiLocale): string {
  if (locale === 'en') return ENGLISH_LOWER_FIRST(label);
  for (const [pattern, russian] of RUSSIAN) if (pattern.test(label)) return label.replace(pattern, russian);
  return label;
}
