import type { Entity } from '@crm/schemas';
import { defaultColumns, fieldByName, labelOf, showable, SYSTEM_COLUMN_NAMES } from './list-query.mapping.js';

/*
 * The column picker of a list: every column the person may show (the entity's fields the role can
 * read and a list can display, then owner and the dates), the chosen ones first in their order,
 * and the moves the picker offers. What the person applies becomes the list's columns and is kept
 * by "Save view".
 */

export interface ColumnChoice {
  name: string;
  label: string;
  shown: boolean;
}

/** The picker's rows: shown columns in list order, then the rest in the entity's order. */
export function columnChoices(entity: Entity, current: readonly string[], locale: string): ColumnChoice[] {
  const available = [...entity.fields.filter(showable).map((f) => f.name), ...SYSTEM_COLUMN_NAMES.filter((n) => !entity.fields.some((f) => f.name === n))];
  const shownNames = (current.length > 0 ? current : defaultColumns(entity)).filter((n) => available.includes(n));
  const rest = available.filter((n) => !shownNames.includes(n));
  return [...shownNames.map((n) => ({ n, shown: true })), ...rest.map((n) => ({ n, shown: false }))].map(({ n, shown }) => ({
    name: n,
    label: labelOf(fieldByName(entity, n)?.label, locale, n),
    shown,
  }));
}

/** The row moved one place up (-1) or down (+1); out of range leaves the order as it is. */
export function moveChoice(choices: readonly ColumnChoice[], index: number, delta: -1 | 1): ColumnChoice[] {
  const target = index + delta;
  if (index < 0 || index >= choices.length || target < 0 || target >= choices.length) return [...choices];
  const next = [...choices];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(target, 0, moved);
  return next;
}

/** The list's columns from the picker: the ticked rows, in the picker's order. */
export function chosenColumns(choices: readonly ColumnChoice[]): string[] {
  return choices.filter((c) => c.shown).map((c) => c.name);
}
