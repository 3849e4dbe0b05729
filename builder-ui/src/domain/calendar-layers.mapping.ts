import type { App, Field, LocalizedText } from '@crm/schemas';
import { labelOf } from './list-query.mapping.js';
import { DONE_VALUES } from './task-entities.rules.js';

/*
 * What the calendar shows comes from the definition: each calendar view (`kind: "calendar"` with a
 * `dateField`) the person can see is a layer — its entity's records whose date falls in the period,
 * within the view's filter (say `owner = $user`). An item's title is the entity's display field; it
 * reads as done when a yes/no column is yes or a status-like enum column (one with a done value)
 * says done; its kind is the first other enum among the view's columns (a call, a meeting), else
 * its entity's label. A date-only field makes
 * all-day items, which move by days only.
 */

export interface CalendarLayer {
  /** The view's name: the layer's key. */
  view: string;
  label: LocalizedText | undefined;
  entity: string;
  /** The entity's own (singular) label: an item's kind when no column says it. */
  entityLabel: LocalizedText;
  dateField: string;
  allDay: boolean;
  filter: unknown;
  titleField: string | null;
  kindField: Field | null;
  doneFields: readonly Field[];
}

export function calendarLayers(app: Pick<App, 'views' | 'entities'>): CalendarLayer[] {
  const layers: CalendarLayer[] = [];
  for (const view of app.views ?? []) {
    if (view.kind !== 'calendar' || !view.dateField) continue;
    const entity = app.entities.find((e) => e.name === view.entity);
    const dateField = entity?.fields.find((f) => f.name === view.dateField);
    if (!entity || !dateField || (dateField.type !== 'date' && dateField.type !== 'datetime')) continue;
    const columns = (view.columns ?? []).map((name) => entity.fields.find((f) => f.name === name)).filter((f): f is Field => f !== undefined);
    const doneFields = columns.filter((f) => f.type === 'boolean' || (f.type === 'enum' && (f.options ?? []).some((o) => DONE_VALUES.has(o.value))));
    layers.push({
      view: view.name,
      label: view.label ?? entity.pluralLabel ?? entity.label,
      entity: entity.name,
      entityLabel: entity.label,
      dateField: dateField.name,
      allDay: dateField.type === 'date',
      filter: view.filter ?? null,
      titleField: entity.display ?? null,
      kindField: columns.find((f) => f.type === 'enum' && !doneFields.includes(f)) ?? null,
      doneFields,
    });
  }
  return layers;
}

/** The item's kind as the person reads it: the enum column's option label, else its entity's label ("Задача"). */
export function kindLabelOf(layer: CalendarLayer, record: Readonly<Record<string, unknown>>, locale: string): string {
  const field = layer.kindField;
  const value = field ? record[field.name] : undefined;
  if (field?.type === 'enum' && typeof value === 'string') {
    const option = (field.options ?? []).find((o) => o.value === value);
    return labelOf(option?.label, locale, value);
  }
  return labelOf(layer.entityLabel, locale, layer.entity);
}

export function isDone(layer: CalendarLayer, record: Readonly<Record<string, unknown>>): boolean {
  return layer.doneFields.some((f) => (f.type === 'boolean' ? record[f.name] === true : typeof record[f.name] === 'string' && DONE_VALUES.has(String(record[f.name]))));
}
