import { fieldSqlType, type Field, type FieldSqlType } from '@crm/schemas';

/**
 * The PostgreSQL column type that stores a field, or null when the field has no column of its own.
 * The types are declared once, in the field-type catalog of @crm/schemas (the builder shows the same
 * table); a formula follows its result type and only a many-to-one relation has a column.
 */
export function columnTypeFor(field: Field): FieldSqlType | null {
  return fieldSqlType(field);
}
