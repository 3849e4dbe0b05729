import type { ApiErrorDetail, Entity, UiLocale } from '@crm/schemas';

/*
 * The "write email" dialog's pure part: who it is addressed to at first (the record's own e-mail
 * fields, then those of the records it points at, read as expanded), how the typed list of
 * addresses is split, and which of the server's refusals belongs to which address, so each one
 * reads under the field with the address it is about.
 */

interface EntitiesLike {
  entities: readonly Entity[];
}

type RecordLike = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is RecordLike {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emailsOf(entity: Entity, record: RecordLike): string[] {
  return entity.fields.flatMap((f) => {
    const value = f.type === 'email' ? record[f.name] : undefined;
    return typeof value === 'string' && value.trim() !== '' ? [value.trim()] : [];
  });
}

/** The many-to-one relations whose targets have an e-mail field: what the dialog asks to expand. */
export function recipientRelations(definition: EntitiesLike, entityName: string): string[] {
  const entity = definition.entities.find((e) => e.name === entityName);
  if (!entity) return [];
  return entity.fields.flatMap((f) => {
    if (f.type !== 'relation' || (f.cardinality ?? 'many-to-one') !== 'many-to-one') return [];
    const target = definition.entities.find((e) => e.name === f.target);
    return target?.fields.some((t) => t.type === 'email') ? [f.name] : [];
  });
}

/** The addresses the dialog starts with: the record's e-mail fields, then its related records' (expanded), each once. */
export function emailRecipients(definition: EntitiesLike, entityName: string, record: RecordLike): string[] {
  const entity = definition.entities.find((e) => e.name === entityName);
  if (!entity) return [];
  const found = emailsOf(entity, record);
  for (const relation of recipientRelations(definition, entityName)) {
    const field = entity.fields.find((f) => f.name === relation);
    const related = record[relation];
    const target = field?.type === 'relation' ? definition.entities.find((e) => e.name === field.target) : undefined;
    if (target && isRecord(related)) found.push(...emailsOf(target, related));
  }
  const seen = new Set<string>();
  return found.filter((address) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A typed list of addresses: separated by commas, semicolons, spaces or new lines; blanks dropped. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

export function joinAddresses(addresses: readonly string[]): string {
  return addresses.join(', ');
}

export interface FieldMessages {
  to: string[];
  subject: string[];
  body: string[];
  other: string[];
}

function textOf(detail: ApiErrorDetail, locale: UiLocale): string {
  const ru = typeof detail.message_ru === 'string' ? detail.message_ru : undefined;
  const message = (locale === 'ru' ? (ru ?? detail.message) : detail.message) ?? detail.code ?? '';
  return message;
}

/**
 * The server's details sorted under the dialog's fields: `to`, `to.1`, `to[1]` go under the
 * addresses and say which one (by its value or its place in the list); subject and body under theirs.
 */
export function emailErrors(details: readonly ApiErrorDetail[], to: readonly string[], locale: UiLocale): FieldMessages {
  const out: FieldMessages = { to: [], subject: [], body: [], other: [] };
  for (const detail of details) {
    const field = detail.field ?? '';
    const message = textOf(detail, locale);
    const at = /^to(?:\.|\[)(\d+)\]?$/.exec(field);
    if (field === 'to' || at) {
      const value = typeof detail['value'] === 'string' ? detail['value'] : typeof detail['address'] === 'string' ? detail['address'] : at ? to[Number(at[1])] : undefined;
      out.to.push(value && !message.includes(value) ? `${value}: ${message}` : message);
    } else if (field === 'subject' || field === 'body') out[field].push(message);
    else out.other.push(message);
  }
  return out;
}
