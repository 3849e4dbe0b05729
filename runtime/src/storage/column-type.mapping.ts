import type { Field } from '@crm/schemas';

/** The PostgreSQL column type that stores a field, or null when the field has no column of its own. */
export function columnTypeFor(field: Field): string | null {
  switch (field.type) {
    case 'text':
    case 'longtext':
    case 'email':
    case 'phone':
    case 'url':
    case 'enum':
      return 'text';
    case 'integer':
      return 'bigint';
    case 'number':
    case 'percent':
      return 'numeric';
    case 'money':
      return 'numeric(18,2)';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'multienum':
      return 'text[]';
    case 'user':
      return 'uuid';
    case 'file':
      return 'jsonb';
    case 'relation':
      return (field.cardinality ?? 'many-to-one') === 'many-to-one' ? 'uuid' : null;
    case 'formula':
      switch (field.resultType ?? 'number') {
        case 'number':
          return 'numeric';
        case 'text':
          return 'text';
        case 'boolean':
          return 'boolean';
        case 'date':
          return 'date';
      }
  }
}
