import { ConflictError, type AppError } from '../errors/index.js';
import type { RecordEntityModel } from './record-entity.model.js';

/*
 * A unique field is guarded by a partial unique index over records not deleted (named after the
 * field's stable id, storage/db-object.naming.ts). Letting the index decide, rather than checking
 * first, is what keeps two concurrent writers from both taking a value; its violation becomes a 409
 * naming the field and nothing else: the record holding the value may be one the caller cannot
 * read, so its id and values (the database's `detail` has the value) never leave. That a value is
 * taken at all is the one thing uniqueness tells (README, "What uniqueness tells").
 */

interface DatabaseError {
  code: string;
  constraint?: unknown;
  detail?: unknown;
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

const UNIQUE_VIOLATION = '23505';

function fieldOf(model: RecordEntityModel, error: DatabaseError): string | undefined {
  if (typeof error.constraint === 'string') {
    const field = model.fieldOfUniqueIndex(error.constraint);
    if (field) return field;
  }
  // "Key (email)=(a@b.c) already exists." names the column, which is the field's name.
  const column = typeof error.detail === 'string' ? /^Key \(([a-z][a-z0-9_]*)\)=/.exec(error.detail)?.[1] : undefined;
  return column !== undefined && model.field(column) ? column : undefined;
}

/** A 409 naming the field when `error` is a unique violation on the entity's table; null otherwise. */
export function uniqueViolationConflict(model: RecordEntityModel, error: unknown): AppError | null {
  if (!isDatabaseError(error) || error.code !== UNIQUE_VIOLATION) return null;
  const field = fieldOf(model, error);
  if (field === undefined) return null;
  return ConflictError.create(`Another ${model.name} record already has this value of "${field}".`, [
    {
      field,
      code: 'UNIQUE',
      message: `Another ${model.name} record already has this value of "${field}".`,
      message_ru: `Такое значение поля «${field}» уже есть у другой записи «${model.name}».`,
    },
  ]);
}
