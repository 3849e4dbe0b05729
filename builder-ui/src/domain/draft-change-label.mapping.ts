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
  // Pipelines and stages.
  [/^Add pipeline (.+)$/, 'создание воронки $1'],
  [/^Rename pipeline (.+)$/, 'переименование воронки $1'],
  [/^Remove pipeline (.+)$/, 'удаление воронки $1'],
  [/^Add stage (.+)$/, 'добавление этапа $1'],
  [/^Change stage (.+)$/, 'изменение этапа $1'],
  [/^Move stage (.+)$/, 'перемещение этапа $1'],
  [/^Remove stage (.+)$/, 'удаление этапа $1'],
  // Roles (the role's own changes before the generic "Add/Delete role").
  [/^Role (\S+): add sharing rule (.+)$/, 'роль $1: добавление правила доступа $2'],
  [/^Role (\S+): delete sharing rule (.+)$/, 'роль $1: удаление правила доступа $2'],
  [/^Role (\S+): sharing rule (\S+) (.+)$/, 'роль $1: правило доступа $2 ($3)'],
  [/^Role (\S+): change owner of (.+)$/, 'роль $1: смена владельца записей $2'],
  [/^Role (\S+): (\S+) as (.+)$/, 'роль $1: $2 по шаблону «$3»'],
  [/^Role (\S+): (\S+) (\S+) → (.+)$/, 'роль $1: $2 $3 → $4'],
  [/^Add role (.+)$/, 'создание роли $1'],
  [/^Rename role (.+)$/, 'переименование роли $1'],
  [/^Delete role (.+)$/, 'удаление роли $1'],
  [/^Grant (\S+) on role (.+)$/, 'выдача права $1 роли $2'],
  [/^Revoke (\S+) on role (.+)$/, 'снятие права $1 у роли $2'],
  // Forms and views.
  [/^Add form (.+)$/, 'создание формы $1'],
  [/^Rename form (.+)$/, 'переименование формы $1'],
  [/^Delete form (.+)$/, 'удаление формы $1'],
  [/^Form (\S+): add section$/, 'форма $1: добавление раздела'],
  [/^Form (\S+): delete section (\d+)$/, 'форма $1: удаление раздела $2'],
  [/^Form (\S+): move section$/, 'форма $1: перемещение раздела'],
  [/^Form (\S+): section (\d+) (.+)$/, 'форма $1: раздел $2, $3'],
  [/^Form (\S+): add (.+)$/, 'форма $1: добавление поля $2'],
  [/^Form (\S+): remove (.+)$/, 'форма $1: удаление поля $2'],
  [/^Form (\S+): move (.+)$/, 'форма $1: перемещение поля $2'],
  [/^Form (\S+): (\S+) read-only$/, 'форма $1: «только чтение» поля $2'],
  [/^Form (\S+): (\S+) width$/, 'форма $1: ширина поля $2'],
  [/^Form (\S+): (\S+) (.+)$/, 'форма $1: правило $3 поля $2'],
  [/^Add view (.+)$/, 'создание представления $1'],
  [/^Rename view (.+)$/, 'переименование представления $1'],
  [/^Delete view (.+)$/, 'удаление представления $1'],
  [/^View (\S+): add column (.+)$/, 'представление $1: добавление столбца $2'],
  [/^View (\S+): remove column (.+)$/, 'представление $1: удаление столбца $2'],
  [/^View (\S+): move column (.+)$/, 'представление $1: перемещение столбца $2'],
  [/^View (\S+): filter$/, 'представление $1: фильтр'],
  [/^View (\S+): sort$/, 'представление $1: сортировка'],
  [/^View (\S+): pipeline (.+)$/, 'представление $1: воронка $2'],
  [/^View (\S+): (.+)$/, 'представление $1: $2'],
];

const ENGLISH_LOWER_FIRST = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

export function draftChangeLabel(label: string, locale: UiLocale): string {
  if (locale === 'en') return ENGLISH_LOWER_FIRST(label);
  for (const [pattern, russian] of RUSSIAN) if (pattern.test(label)) return label.replace(pattern, russian);
  return label;
}
