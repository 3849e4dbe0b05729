import { normalisePhone, type App, type Condition, type Field } from '@crm/schemas';

/*
 * Filter values are put into the stored form of the field they compare with, as record input is:
 * phones in E.164 and emails lower-cased. Otherwise `{"field":"phone","op":"eq","value":"8 (912)
 * 345-67-89"}` would miss the record stored as +79123456789. A value that is not a valid phone
 * (a fragment for `contains`, say) is left as typed.
 */

/** The field a dot path ends at, following many-to-one relations; undefined if it does not resolve. */
function leafField(app: App, entity: string, path: string): Field | undefined {
  let current = entity;
  const segments = path.split('.');
  for (const [index, segment] of segments.entries()) {
    const field = app.entities.find((e) => e.name === current)?.fields.find((f) => f.name === segment);
    if (!field) return undefined;
    if (index === segments.length - 1) return field;
    if (field.type !== 'relation') return undefined;
    current = field.target;
  }
  return undefined;
}

function normaliseOne(field: Field, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (field.type === 'phone') return normalisePhone(value.trim(), field.defaultCountry) ?? value;
  if (field.type === 'email') return value.trim().toLowerCase();
  return value;
}

function normaliseValue(field: Field, value: unknown): unknown {
  return Array.isArray(value) ? value.map((v) => normaliseOne(field, v)) : normaliseOne(field, value);
}

export function normaliseFilterValues(app: App, entity: string, condition: Condition): Condition {
  if ('and' in condition) return { and: condition.and.map((c) => normaliseFilterValues(app, entity, c)) };
  if ('or' in condition) return { or: condition.or.map((c) => normaliseFilterValues(app, entity, c)) };
  if ('not' in condition) return { not: normaliseFilterValues(app, entity, condition.not) };
  const field = leafField(app, entity, condition.field);
  if (!field || (field.type !== 'phone' && field.type !== 'email') || !('value' in condition)) return condition;
  return { ...condition, value: normaliseValue(field, condition.value) };
}
