import type { App, LocalizedText } from '@crm/schemas';

/*
 * What the record page lists under a record: the records of other entities that point at it (a
 * company's contacts and deals, a deal's activities and tasks), found in the definition as
 * many-to-one relations whose target is this entity. Activities go to the timeline and tasks to
 * their own panel; every other entity is a related list with "add" in place.
 */

export type RelatedKind = 'timeline' | 'tasks' | 'list';

export interface RelatedListSpec {
  /** The entity of the related records and its relation field pointing here. */
  entity: string;
  field: string;
  label: LocalizedText;
  kind: RelatedKind;
  /** The related entity's title field. */
  display?: string;
}

/** The b2b template's activity and task entities; others are plain related lists. */
const KIND_BY_ENTITY: Readonly<Record<string, RelatedKind>> = { activity: 'timeline', task: 'tasks' };

export function relatedLists(definition: Pick<App, 'entities'>, entity: string): RelatedListSpec[] {
  const specs: RelatedListSpec[] = [];
  for (const other of definition.entities) {
    for (const field of other.fields) {
      if (field.type !== 'relation' || field.target !== entity || (field.cardinality ?? 'many-to-one') !== 'many-to-one') continue;
      const several = other.fields.filter((f) => f.type === 'relation' && f.target === entity).length > 1;
      const label = several && field.label ? { en: `${other.pluralLabel?.en ?? other.label.en} (${field.label.en})`, ru: `${other.pluralLabel?.ru ?? other.label.ru ?? other.label.en} (${field.label.ru ?? field.label.en})` } : (other.pluralLabel ?? other.label);
      specs.push({ entity: other.name, field: field.name, label, kind: KIND_BY_ENTITY[other.name] ?? 'list', ...(other.display ? { display: other.display } : {}) });
    }
  }
  return specs;
}
