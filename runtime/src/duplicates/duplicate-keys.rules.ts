import type { Entity } from '@crm/schemas';

/*
 * Which fields make two records "the same client": the entity's email and phone fields. Their
 * stored values are already normalised (schemas' record-value normalizer: e-mails trimmed and
 * lower-cased, phones in E.164 with RU as the default country), so "+7 (912) 345-67-89" and
 * "89123456789" are stored alike and a plain equality finds them. Only fields the caller may read
 * count: matching on a hidden field would tell them what it holds.
 */

const KEY_TYPES: ReadonlySet<string> = new Set(['email', 'phone']);

/** A field and the value a new record holds in it. */
export interface DuplicateKey {
  field: string;
  value: string;
}

/** The key fields of an entity, in definition order. */
export function duplicateKeyFields(entity: Entity): string[] {
  return entity.fields.filter((f) => KEY_TYPES.has(f.type)).map((f) => f.name);
}

/** The keys a record carries: its non-empty values in the key fields the caller may read. */
export function duplicateKeysOf(entity: Entity, record: Readonly<Record<string, unknown>>, isVisible: (field: string) => boolean): DuplicateKey[] {
  const keys: DuplicateKey[] = [];
  for (const field of duplicateKeyFields(entity)) {
    const value = record[field];
    if (typeof value === 'string' && value !== '' && isVisible(field)) keys.push({ field, value });
  }
  return keys;
}
