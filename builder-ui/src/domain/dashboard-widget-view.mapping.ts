import type { App, Entity, Field, LocalizedText } from '@crm/schemas';
import { formatFieldValue } from '../fields/field-format.rules.js';
import { definitionEnumOptions, displayFieldOf } from '../fields/field-options.rules.js';

/*
 * The workspace's dashboard imports no value from @crm/schemas: its module builds the definition's
 * Ajv at load, which compiles code with new Function, and the workspace's Content-Security-Policy
 * (rightly) refuses that; so the little it needs about field types is here, type-only.
 *
 * Names a dashboard shows: a widget's or dashboard's label in the UI language, a table column's
 * heading (the field's label, or the system column's word), and the field a column's cells are
 * formatted as (system columns: owner / created_by / updated_by are people, *_at are instants).
 */

export type Lang = 'ru' | 'en';

const SYSTEM_LABELS: Readonly<Record<string, LocalizedText>> = {
  owner: { ru: 'Ответственный', en: 'Owner' },
  created_by: { ru: 'Создал', en: 'Created by' },
  updated_by: { ru: 'Изменил', en: 'Updated by' },
  created_at: { ru: 'Создано', en: 'Created' },
  updated_at: { ru: 'Изменено', en: 'Updated' },
  id: { ru: 'ID', en: 'ID' },
};

export function textIn(text: LocalizedText | undefined, lang: Lang, fallback: string): string {
  if (!text) return fallback;
  return (lang === 'ru' ? text.ru : text.en) || text.en || fallback;
}

export function fieldLabel(entity: Entity | undefined, name: string, lang: Lang): string {
  const field = entity?.fields.find((f) => f.name === name);
  return textIn(field?.label ?? SYSTEM_LABELS[name], lang, name);
}

export function columnField(entity: Entity | undefined, name: string): Field {
  const field = entity?.fields.find((f) => f.name === name);
  if (field) return field;
  if (name === 'owner' || name === 'created_by' || name === 'updated_by') return { name, type: 'user' };
  if (name === 'created_at' || name === 'updated_at') return { name, type: 'datetime' };
  return { name, type: 'text' };
}

const SYSTEM_TYPES: Readonly<Record<string, string>> = { owner: 'user', created_by: 'user', updated_by: 'user', created_at: 'datetime', updated_at: 'datetime' };

/** A field's value type as reports see it (a formula's result type); system columns too. */
export function valueTypeOf(entity: Entity | undefined, name: string): string | undefined {
  const field = entity?.fields.find((f) => f.name === name);
  if (!field) return SYSTEM_TYPES[name];
  return field.type === 'formula' ? (field.resultType ?? 'number') : field.type;
}

export function isDateType(type: string | undefined): boolean {
  return type === 'date' || type === 'datetime';
}

export interface CellContext {
  app: App | null;
  lang: Lang;
  timeZone?: string;
  userNames: Readonly<Record<string, string>>;
}

/** A table cell's text, as the lists word it (enum labels, dates in the time zone, people's names, money). */
export function cellText(entity: Entity | undefined, name: string, value: unknown, context: CellContext): string {
  const field = columnField(entity, name);
  const text = formatFieldValue(field, value, {
    locale: context.lang,
    timeZone: context.timeZone,
    userNames: context.userNames,
    currency: context.app?.settings?.currency,
    enumOptions: field.type === 'enum' || field.type === 'multienum' ? definitionEnumOptions(context.app, entity?.name, field) : undefined,
    displayField: field.type === 'relation' ? displayFieldOf(context.app, field.target) : undefined,
  });
  return text === '' ? '—' : text;
}
