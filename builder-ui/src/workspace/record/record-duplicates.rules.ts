/*
 * The records a create answer names as possible duplicates (`_duplicates`: same normalised phone or
 * e-mail, only records the person may read). The form hands them to the record page in the
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
