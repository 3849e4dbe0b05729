import type { App, Entity, Field, LocalizedText } from '@crm/schemas';

/*
 * Names people read instead of field names and enum values: the field labels of the definition
 * (system columns have fixed ones), and the labels of enum options (or of pipeline stages, for a
 * stage field without options of its own). Export writes them, import reads them back, reports
 * send them beside the values.
 */

export type Language = 'en' | 'ru';

const SYSTEM_LABELS: Readonly<Record<string, LocalizedText>> = {
  id: { en: 'ID', ru: 'ID' },
  version: { en: 'Version', ru: 'Версия' },
  owner: { en: 'Owner', ru: 'Владелец' },
  created_at: { en: 'Created at', ru: 'Создано' },
  created_by: { en: 'Created by', ru: 'Создал' },
  updated_at: { en: 'Updated at', ru: 'Изменено' },
  updated_by: { en: 'Updated by', ru: 'Изменил' },
  deleted_at: { en: 'Deleted at', ru: 'Удалено' },
};

export interface LabelledValue {
  value: string;
  label: { en: string; ru: string };
}

/** Both languages, Russian falling back to English and English to `fallback`. */
export function bothLanguages(text: LocalizedText | undefined, fallback: string): { en: string; ru: string } {
  const en = text?.en ?? fallback;
  return { en, ru: text?.ru ?? en };
}

/** A field's (or system column's) label in both languages; the name when it has none. */
export function fieldLabel(entity: Entity, name: string): { en: string; ru: string } {
  const system = SYSTEM_LABELS[name];
  if (system) return bothLanguages(system, name);
  return bothLanguages(entity.fields.find((f) => f.name === name)?.label, name);
}

/**
 * The values an enum or multienum field takes with their labels: its options, or the stages of the
 * pipeline kept in it. Null for fields of other types.
 */
export function enumValuesOf(app: App, entity: string, field: Field): LabelledValue[] | null {
  if (field.type === 'multienum') return field.options.map((o) => ({ value: o.value, label: bothLanguages(o.label, o.value) }));
  if (field.type !== 'enum') return null;
  if (field.options) return field.options.map((o) => ({ value: o.value, label: bothLanguages(o.label, o.value) }));
  const pipeline = (app.pipelines ?? []).find((p) => p.entity === entity && p.field === field.name);
  return pipeline ? pipeline.stages.map((s) => ({ value: s.name, label: bothLanguages(s.label, s.name) })) : [];
}
