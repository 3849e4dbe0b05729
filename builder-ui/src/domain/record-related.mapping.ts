import type { App, LocalizedText } from '@crm/schemas';
import { calendarLayers, type CalendarLayer } from './calendar-layers.mapping.js';
import { taskEntities } from './task-entities.rules.js';

/*
 * What the record page lists under a record: the records of other entities that point at it (a
 * company's contacts and deals, a deal's activities and tasks), found in the definition as
 * many-to-one relations whose target is this entity. Records that happen at a time — an entity
 * with a calendar view over a date-time field, such as calls and meetings — go to the timeline, at
 * that time; the definition's task entities (task-entities.rules.ts) have their own panel; every
 * other entity is a related list with "add" in place.
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
  /** Timeline: the calendar view that makes it one (its date field, kind and done columns). */
  layer?: CalendarLayer;
}

export function relatedLists(definition: Pick<App, 'entities' | 'views'>, entity: string): RelatedListSpec[] {
  const timed = calendarLayers(definition).filter((l) => !l.allDay);
  const tasks = new Set(taskEntities(definition).map((t) => t.entity));
  const specs: RelatedListSpec[] = [];
  for (const other of definition.entities) {
    for (const field of other.fields) {
      if (field.type !== 'relation' || field.target !== entity || (field.cardinality ?? 'many-to-one') !== 'many-to-one') continue;
      const several = other.fields.filter((f) => f.type === 'relation' && f.target === entity).length > 1;
      const label = several && field.label ? { en: `${other.pluralLabel?.en ?? other.label.en} (${field.label.en})`, ru: `${other.pluralLabel?.ru ?? other.label.ru ?? other.label.en} (${field.label.ru ?? field.label.en})` } : (other.pluralLabel ?? other.label);
      const layer = tasks.has(other.name) ? undefined : timed.find((l) => l.entity === other.name);
      const kind: RelatedKind = tasks.has(other.name) ? 'tasks' : layer ? 'timeline' : 'list';
      specs.push({ entity: other.name, field: field.name, label, kind, ...(other.display ? { display: other.display } : {}), ...(layer ? { layer } : {}) });
    }
  }
  return specs;
}
