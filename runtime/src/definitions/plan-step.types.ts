import type { Entity, Field } from '@crm/schemas';
import type { ColumnSpec, IndexSpec } from '../storage/entity-table.ddl.js';
import type { SearchTerm } from '../storage/search-column.ddl.js';

/*
 * A publish is a list of steps: what the publish dialog shows, what `confirm` names, what
 * definition_versions.plan keeps, and what the migrator runs. Each step carries everything the
 * migrator needs (table and column names after the steps before it), so running a plan needs no
 * definition at hand, and a stored plan says exactly what was done.
 */

export interface StepText {
  ru: string;
  en: string;
}

interface StepBase {
  /** `<kind>:<entity>` or `<kind>:<entity>.<field>`, e.g. "add-field:deal.region". */
  id: string;
  entity: string;
  field?: string;
  /** Drops data (it is archived); must be listed in the publish request's `confirm`. */
  destructive: boolean;
  description: StepText;
  /** Dry runs only: the records (or links) holding the data a destructive step archives. */
  rows?: number;
}

/** How existing values are converted by a type change. */
export type Conversion =
  /** The column's SQL type stays; nothing is converted (text to longtext). */
  | { kind: 'none' }
  /** A plain cast that cannot fail for valid data (integer to number, date to datetime). */
  | { kind: 'cast' }
  /** Every value must be one of the options before the change. */
  | { kind: 'options'; allowed: string[] }
  /** Every value must match the pattern (a PostgreSQL regular expression) before the change. */
  | { kind: 'pattern'; pattern: string; format: 'email' | 'url' | 'phone' };

/** A required field added to a table with records fills them with its default. */
export type Fill = { kind: 'value'; value: string | number | boolean | string[] } | { kind: 'today' } | { kind: 'now' };

export interface DropSearchStep extends StepBase {
  kind: 'drop-search';
  table: string;
}
export interface DropIndexStep extends StepBase {
  kind: 'drop-index' | 'drop-unique';
  indexName: string;
}
export interface DropFieldStep extends StepBase {
  kind: 'drop-field';
  table: string;
  column: string;
  definition: Field;
}
export interface DropLinkStep extends StepBase {
  kind: 'drop-link';
  table: string;
  definition: Field;
}
export interface DropEntityStep extends StepBase {
  kind: 'drop-entity';
  table: string;
  definition: Entity;
  links: Array<{ table: string; definition: Field }>;
}
export interface RenameEntityStep extends StepBase {
  kind: 'rename-entity';
  from: string;
  to: string;
  /** The entity's many-to-many link tables, whose names contain the entity's. */
  links: Array<{ from: string; to: string }>;
}
export interface RenameFieldStep extends StepBase {
  kind: 'rename-field';
  /** A column of `table`, or (for many-to-many) the link table itself. */
  storage: 'column' | 'link';
  table: string;
  from: string;
  to: string;
}
export interface ChangeTypeStep extends StepBase {
  kind: 'change-type';
  table: string;
  column: string;
  fromType: string;
  toType: string;
  sqlType: string;
  conversion: Conversion;
}
export interface CheckOptionsStep extends StepBase {
  kind: 'check-options';
  table: string;
  column: string;
  removed: string[];
  multiple: boolean;
}
export interface CreateEntityStep extends StepBase {
  kind: 'create-entity';
  entityId: string;
  table: string;
  columns: ColumnSpec[];
  indexes: IndexSpec[];
}
export interface RestoreEntityStep extends StepBase {
  kind: 'restore-entity';
  table: string;
  archiveId: number;
  archiveTable: string;
  links: Array<{ archiveId: number; archiveTable: string; table: string }>;
}
export interface AddFieldStep extends StepBase {
  kind: 'add-field';
  table: string;
  column: ColumnSpec;
  indexes: IndexSpec[];
  required: boolean;
  fill: Fill | null;
}
export interface AddLinkStep extends StepBase {
  kind: 'add-link';
  fieldId: string;
  table: string;
  sourceTable: string;
  targetTable: string;
}
export interface RestoreFieldStep extends StepBase {
  kind: 'restore-field';
  table: string;
  column: ColumnSpec;
  archiveId: number;
  archiveTable: string;
  /** The column's name in the archive table (the field's name when it was dropped). */
  archiveColumn: string;
}
export interface RestoreLinkStep extends StepBase {
  kind: 'restore-link';
  table: string;
  archiveId: number;
  archiveTable: string;
}
export interface RequireFieldStep extends StepBase {
  kind: 'require-field';
  table: string;
  column: string;
}
export interface AddIndexStep extends StepBase {
  kind: 'add-index' | 'add-unique';
  table: string;
  index: IndexSpec;
}
export interface AddSearchStep extends StepBase {
  kind: 'add-search';
  entityId: string;
  table: string;
  terms: SearchTerm[];
}

export type PlanStep =
  | DropSearchStep
  | DropIndexStep
  | DropFieldStep
  | DropLinkStep
  | DropEntityStep
  | RenameEntityStep
  | RenameFieldStep
  | ChangeTypeStep
  | CheckOptionsStep
  | CreateEntityStep
  | RestoreEntityStep
  | AddFieldStep
  | AddLinkStep
  | RestoreFieldStep
  | RestoreLinkStep
  | RequireFieldStep
  | AddIndexStep
  | AddSearchStep;

export type StepKind = PlanStep['kind'];
