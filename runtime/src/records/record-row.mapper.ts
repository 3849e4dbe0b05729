import type { RecordEntityModel } from './record-entity.model.js';
import type { RecordValues, StoredRecord } from './record.types.js';
import { SYSTEM_COLUMNS } from '../storage/storage.naming.js';

/*
 * Between table rows and API records. Both drivers already return numerics as numbers, dates as
 * YYYY-MM-DD and timestamps as ISO strings (db/database.factory.ts); what is left is choosing the
 * columns (never `_search`, never columns of fields no longer defined) and encoding jsonb.
 */

/** The columns a record is read from: system columns, then one per stored field. */
export function recordColumns(model: RecordEntityModel): string[] {
  return [...SYSTEM_COLUMNS, ...model.columns.map((c) => c.column)];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : text(value);
}

/** A row of `recordColumns` as a stored record. */
export function toStoredRecord(model: RecordEntityModel, row: Readonly<Record<string, unknown>>): StoredRecord {
  const record: StoredRecord = {
    id: text(row['id']),
    version: Number(row['version']),
    owner: textOrNull(row['owner']),
    created_at: text(row['created_at']),
    created_by: textOrNull(row['created_by']),
    updated_at: text(row['updated_at']),
    updated_by: textOrNull(row['updated_by']),
    deleted_at: textOrNull(row['deleted_at']),
  };
  for (const { column } of model.columns) record[column] = row[column] ?? null;
  return record;
}

/**
 * Column values for an INSERT or UPDATE from record values (only the names given). jsonb goes as
 * JSON text: the pg driver would otherwise send a JavaScript array as a PostgreSQL array.
 */
export function toColumnValues(model: RecordEntityModel, values: Readonly<RecordValues>, names: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    if (name === 'owner') {
      out['owner'] = values['owner'] ?? null;
      continue;
    }
    const column = model.column(name);
    if (!column) continue;
    const value = values[name] ?? null;
    out[column.column] = column.sqlType === 'jsonb' && value !== null ? JSON.stringify(value) : value;
  }
  return out;
}
