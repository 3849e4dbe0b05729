/*
 * GET /api/import/:entity/fields (runtime/src/exchange/import-fields.reader.ts; the workspace's
 * import wizard reads it): what the caller may map a CSV column to. Hidden fields are absent;
 * fields they see but may not write have writable false; enums carry their values' labels;
 * relations name their target.
 */

export interface ImportFieldInfo {
  name: string;
  label: { en: string; ru: string };
  type: string;
  required: boolean;
  writable: boolean;
  unique: boolean;
  options?: Array<{ value: string; label: { en: string; ru: string } }>;
  target?: string;
  many?: boolean;
}

export interface ImportFieldsAnswer {
  entity: string;
  label: { en: string; ru: string };
  canCreate: boolean;
  canUpdate: boolean;
  fields: ImportFieldInfo[];
}

/*
 * POST /api/import/:entity (runtime/src/exchange/import-report.builder.ts builds it; the wizard's
 * result step and downloadable report read it): what became of every row.
 */

export type ImportMode = 'create' | 'upsert';
export type DuplicatePolicy = 'skip' | 'update' | 'error';

/** One reason a row was not imported (or a warning about it); `field` names the field or column. */
export interface RowProblem {
  row: number;
  field: string | null;
  code: string;
  message: string;
  message_ru: string;
}

/** What a duplicate row duplicates: a stored record, or an earlier row of the same file. */
export type DuplicateOf = { id: string } | { row: number };

export interface SkippedRow {
  row: number;
  field: string;
  duplicateOf: DuplicateOf;
}

export interface ImportReport {
  entity: string;
  mode: ImportMode;
  duplicates: DuplicatePolicy;
  match: string[];
  dryRun: boolean;
  columns: Array<{ column: string; field: string | null; ignored?: string }>;
  /** Data rows read (the header and blank rows not counted). */
  rows: number;
  /** Rows whose values went in: created + updated + unchanged. */
  accepted: number;
  created: number;
  updated: number;
  /** Rows that matched a record already holding their values. */
  unchanged: number;
  /** Rows skipped as duplicates (duplicates=skip). */
  skipped: number;
  rejectedRows: number;
  rejected: RowProblem[];
  skippedRows: SkippedRow[];
  /** Rows imported with something to look at (a blank relation cell: EMPTY_RELATION). */
  warnings: RowProblem[];
  /** True when `rejected`, `skippedRows` or `warnings` hit their cap and list no more. */
  truncated: boolean;
}
