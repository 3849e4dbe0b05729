import type { Entity } from '@crm/schemas';

/*
 * Which fields make two records "the same client": each e-mail and each phone field on its own,
 * and the keys the entity configures (`duplicateKeys`: e.g. [["inn"], ["company", "title"]], every
 * field of a key must match). E-mail and phone values are stored normalised (schemas' record-value
 * normalizer: e-mails trimmed and lower-cased, phones in E.164 with RU as the default country), so
 * "+7 (912) 345-67-89" and "89123456789" are stored alike and plain equality finds them. Text is
 * stored trimmed and compared case-insensitively ("ООО Ромашка" = "ооо ромашка"). Only fields the
 * caller may read count: matching on a hidden field would tell them what it holds, so a key with a
 * hidden field is left out whole.
 */

const KEY_TYPES: ReadonlySet<string> = new Set(['email', 'phone']);

/** One field of a key and the value a record holds in it. */
export interface DuplicateKeyPart {
  field: string;
  value: string | number;
  /** Compared with lower(): text, whose case people do not keep. */
  caseless: boolean;
}

/** Records match on a key when every part matches. */
export interface DuplicateKey {
  parts: DuplicateKeyPart[];
}

/** The e-mail and phone fields of an entity, in definition order. */
export function duplicateKeyFields(entity: Entity): string[] {
  return entity.fields.filter((f) => KEY_TYPES.has(f.type)).map((f) => f.name);
}

/** Every key of an entity as field lists: the e-mail and phone fields, then the configured keys. */
export function duplicateKeyLists(entity: Entity): string[][] {
  return [...duplicateKeyFields(entity).map((f) => [f]), ...(entity.duplicateKeys ?? [])];
}

function keyValue(value: unknown): string | number | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}

/** The keys a record carries: those whose fields all hold a value and are all readable by the caller. */
export function duplicateKeysOf(entity: Entity, record: Readonly<Record<string, unknown>>, isVisible: (field: string) => boolean): DuplicateKey[] {
  const keys: DuplicateKey[] = [];
  for (const fields of duplicateKeyLists(entity)) {
    const parts: DuplicateKeyPart[] = [];
    for (const name of fields) {
      const field = entity.fields.find((f) => f.name === name);
      const value = keyValue(record[name]);
      if (!field || value === null || !isVisible(name)) break;
      parts.push({ field: name, value, caseless: field.type === 'text' });
    }
    if (parts.length === fields.length) keys.push({ parts });
  }
  return keys;
}

/** The SQL condition that a row holds the key's values: `(a = ? AND lower(b) = lower(?))`. */
export function keyCondition(key: DuplicateKey): { sql: string; bindings: Array<string | number> } {
  const sql: string[] = [];
  const bindings: Array<string | number> = [];
  for (const part of key.parts) {
    sql.push(part.caseless ? 'lower(??) = lower(?)' : '?? = ?');
    bindings.push(part.field, part.caseless ? String(part.value) : part.value);
  }
  return { sql: `(${sql.join(' AND ')})`, bindings };
}

/*
 * A configured key in an import's `match` list: its fields joined by "+" ("company+title"), a name
 * no field can have (names are snake_case), so one list holds single fields and keys alike.
 */
export const KEY_NAME_JOIN = '+';

export function keyMatchName(fields: readonly string[]): string {
  return fields.join(KEY_NAME_JOIN);
}

/** The fields of a match name: one for a field, several for a configured key. */
export function keyMatchFields(name: string): string[] {
  return name.split(KEY_NAME_JOIN);
}

/** Between the values of a configured key's fields in an import's key text. */
export const KEY_VALUE_JOIN = '\u0001';
