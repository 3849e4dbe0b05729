/*
 * The backup file: gzip'd NDJSON, one table after another, so neither writing nor restoring holds a
 * large database in memory. Line 1 is the header; then for each table a `table` line, its rows (one
 * `{"row":<the row as PostgreSQL's row_to_json wrote it>}` line each, so values go back byte for
 * byte without passing through JavaScript types), and an `end-table` line; last, the `end` line with
 * the sequences' positions. A file without its `end` line is cut short and is refused.
 */

/** Raised when the file's layout changes; a restore refuses a file newer than it understands. */
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupTableSummary {
  name: string;
  rows: number;
  /** 'system': created by the migrations; 'definition': created by publishing, its structure is in the file. */
  role: 'system' | 'definition';
}

export interface BackupHeader {
  section: 'header';
  format: 'crm-backup';
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  databaseKind: 'pglite' | 'postgres';
  /** The migrations the database had, in order: a restore needs exactly these. */
  migrations: string[];
  tables: BackupTableSummary[];
}

export interface ColumnDdl {
  name: string;
  /** format_type() of the column, checked against a pattern before it goes into a statement. */
  type: string;
  notNull: boolean;
  default: string | null;
  /** The expression of a stored generated column. */
  generated: string | null;
  identity: 'always' | 'by default' | null;
}

export interface ConstraintDdl {
  name: string;
  kind: 'primary' | 'unique' | 'check' | 'foreign' | 'exclusion';
  definition: string;
}

/** A definition table's structure, read from the catalog when the backup was made. */
export interface TableDdl {
  columns: ColumnDdl[];
  constraints: ConstraintDdl[];
  /** CREATE INDEX statements of the indexes that do not belong to a constraint. */
  indexes: string[];
  /** Sequences its column defaults draw from (serial columns). */
  sequences: string[];
}

export interface TableStartLine {
  section: 'table';
  name: string;
  role: 'system' | 'definition';
  ddl?: TableDdl;
}

export interface TableEndLine {
  section: 'end-table';
  name: string;
  rows: number;
}

export interface SequencePosition {
  name: string;
  lastValue: number | null;
}

export interface EndLine {
  section: 'end';
  sequences: SequencePosition[];
}

export type ControlLine = BackupHeader | TableStartLine | TableEndLine | EndLine;

export const ROW_PREFIX = '{"row":';
