import type { ConditionOperator, Field } from '../../generated/definition.types.js';
import type { ValueFamily } from '../condition/condition.operators.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/*
 * The shape of the field-type catalog (field-type.catalog.ts). Option keys are derived from the
 * generated Field union, so an option added to field.schema.json without its UI hint, or a hint for
 * an option the schema does not have, is a compile error in the catalog.
 */

export type FieldType = Field['type'];

/** The definition of a field of one type, e.g. FieldOf<'money'> is MoneyField. */
export type FieldOf<T extends FieldType> = Extract<Field, { type: T }>;

/** Keys every field definition takes, whatever its type; `default` is described by `defaultable`. */
type CommonFieldKey = 'id' | 'name' | 'label' | 'description' | 'required' | 'unique' | 'indexed' | 'readOnly' | 'type' | 'default';

/** The options a field definition of this type takes beyond the common ones (from field.schema.json). */
export type FieldOptionKey<T extends FieldType> = Exclude<keyof FieldOf<T>, CommonFieldKey>;

/** Whether the type's definition takes a `default` at all (relation, formula and file do not). */
export type TakesDefault<T extends FieldType> = T extends FieldType ? ('default' extends keyof FieldOf<T> ? true : false) : never;

/** Groups of the builder's "add a field" palette. */
export type FieldCategory = 'text' | 'numbers' | 'dates' | 'choice' | 'relations' | 'people' | 'files' | 'computed';

/** The PostgreSQL column types record tables use (entity-table.ddl.ts writes them). */
export type FieldSqlType = 'text' | 'bigint' | 'numeric' | 'numeric(18,2)' | 'boolean' | 'date' | 'timestamptz' | 'text[]' | 'uuid' | 'jsonb';

/**
 * The default input widget of a type: the id a UI widget registry is keyed by. One per type; a form
 * may choose another widget that accepts the same type.
 */
export type FieldWidgetId =
  | 'text-input'
  | 'textarea'
  | 'integer-input'
  | 'number-input'
  | 'money'
  | 'percent'
  | 'checkbox'
  | 'date-picker'
  | 'datetime-picker'
  | 'email'
  | 'phone'
  | 'url'
  | 'enum-select'
  | 'enum-chips'
  | 'relation-picker'
  | 'user-picker'
  | 'formula-value'
  | 'file-upload';

/** A UI hint for one type-specific option; its shape and limits stay in field.schema.json. */
export interface FieldOptionHint {
  'x-label': LocalizedMessage;
  'x-description'?: LocalizedMessage;
}

/**
 * What the builder may offer for a field of the type. The validators decide what is accepted
 * (field-type.catalog.test.ts checks that everything offered here is accepted).
 */
export interface FieldCapabilities {
  unique: boolean;
  indexed: boolean;
  required: boolean;
  /** Whether a `default` may be set; FieldTypeInfo ties it to the schema (TakesDefault). */
  defaultable: boolean;
  /** May be the entity's `display` (the record's title). */
  display: boolean;
  /** May be listed in the entity's `search` (full-text search). */
  search: boolean;
}

/** One entry of the catalog, as code that takes any type reads it. */
export interface FieldTypeInfo {
  type: FieldType;
  label: LocalizedMessage;
  description: LocalizedMessage;
  category: FieldCategory;
  /**
   * How values compare in the condition language. For a formula this is the family of the default
   * result type; fieldFamily() resolves a given field.
   */
  family: ValueFamily;
  /** The operators the condition language allows on the family (read from its operator table). */
  operators: readonly ConditionOperator[];
  /**
   * The column type for the type's default variant; null when it has no column. Relations and
   * formulas vary by cardinality and result type: fieldSqlType() resolves a given field.
   */
  sqlType: FieldSqlType | null;
  widget: FieldWidgetId;
  capabilities: FieldCapabilities;
  /** Every type-specific option of the definition, with its UI hint. */
  options: Readonly<Record<string, FieldOptionHint>>;
}

/**
 * The entry of type T, as the catalog declares it: the option keys and `defaultable` are derived
 * from T's definition, so the compiler refuses an entry that disagrees with field.schema.json.
 */
export interface FieldTypeEntry<T extends FieldType> extends FieldTypeInfo {
  type: T;
  capabilities: FieldCapabilities & { defaultable: TakesDefault<T> };
  options: { readonly [K in FieldOptionKey<T>]-?: FieldOptionHint };
}

/** The catalog's type: one entry per member of the type union, each typed by its own field. */
export type FieldTypeCatalog = { readonly [T in FieldType]: FieldTypeEntry<T> };
