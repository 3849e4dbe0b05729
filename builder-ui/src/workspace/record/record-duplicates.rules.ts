import type { Entity, UiLocale } from '@crm/schemas';
import { localizedText } from '../../domain/localized-text.rules.js';

/*
 * The records a create answer names as possible duplicates (`_duplicates`: same normalised phone or
 * e-mail, or the same values of a key the entity declares in `duplicateKeys`; only records the
 * person may read). The form hands them to the record page in the
 * history entry's state, so they show once, right after the create, and survive a reload of that
 * entry but not a later visit. Read defensively: history state is whatever the browser kept.
 */

export interface RecordDuplicate {
  id: string;
  display: string | null;
  matchedOn: string[];
}

function isDuplicate(value: unknown): value is RecordDuplicate {
  if (typeof value !== 'object' || value === null) return false;
  const { id, display, matchedOn } = value as Record<string, unknown>;
  return typeof id === 'string' && (display === null || typeof display === 'string') && Array.isArray(matchedOn) && matchedOn.every((f) => typeof f === 'string');
}

/** The well-formed matches in a list that should be one (a create answer's `_duplicates`, or history state). */
export function duplicatesIn(value: unknown): RecordDuplicate[] {
  return Array.isArray(value) ? value.filter(isDuplicate).map((d) => ({ id: d.id, display: d.display, matchedOn: [...d.matchedOn] })) : [];
}

/** The matches a create answered with. */
export function duplicatesOfCreated(record: Readonly<Record<string, unknown>>): RecordDuplicate[] {
  return duplicatesIn(record['_duplicates']);
}

/** The matches the form left in the history state for this record's page; none for another record. */
export function duplicatesFromState(state: unknown, recordId: string): RecordDuplicate[] {
  if (typeof state !== 'object' || state === null) return [];
  const { duplicatesOf, duplicates } = state as Record<string, unknown>;
  return duplicatesOf === recordId ? duplicatesIn(duplicates) : [];
}

/** The entity's duplicate keys as the runtime checks them: each e-mail field, each phone field, then its `duplicateKeys`. */
export function duplicateKeysOf(model: Entity): string[][] {
  const single = model.fields.filter((f) => f.type === 'email' || f.type === 'phone').map((f) => [f.name]);
  return [...single, ...(model.duplicateKeys ?? []).map((key) => [...key])];
}

/**
 * The keys the matches were found by, in the person's language: each key's field labels joined
 * by " + " ("Компания + Должность"), once each. A key counts when some match has all its fields;
 * without the entity (not loaded) the matched fields are named as they come.
 */
export function matchedKeyLabels(items: readonly RecordDuplicate[], model: Entity | undefined, locale: UiLocale): string[] {
  const label = (name: string) => localizedText(model?.fields.find((f) => f.name === name)?.label, locale, name);
  const matched = model ? duplicateKeysOf(model).filter((key) => items.some((item) => key.every((f) => item.matchedOn.includes(f)))) : [];
  const keys = matched.length > 0 ? matched : [...new Set(items.flatMap((item) => item.matchedOn))].map((f) => [f]);
  return [...new Set(keys.map((key) => key.map(label).join(' + ')))];
}
