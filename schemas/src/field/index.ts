/*
 * The field-type catalog: every field type declared once, browser-safe, read by the runtime's
 * storage and by the builder.
 */
export { FIELD_TYPES, FIELD_TYPE_NAMES, isFieldType } from './field-type.catalog.js';
export {
  FORMULA_RESULTS,
  RELATION_STORAGE,
  fieldFamily,
  fieldOperators,
  fieldSqlType,
  relationStorage,
  type RelationCardinality,
  type RelationStorage,
} from './field-type.rules.js';
export type {
  FieldCapabilities,
  FieldCategory,
  FieldOf,
  FieldOptionHint,
  FieldOptionKey,
  FieldSqlType,
  FieldTypeCatalog,
  FieldTypeEntry,
  FieldTypeInfo,
  FieldWidgetId,
  TakesDefault,
} from './field-type.types.js';
export { FILE_SIZE_CAP_MB, fileFieldLabel, fileMatchesAccept, fileSizeLimitBytes, fileSizeLimitMb, fileTooLargeMessage, fileTypeRefusedMessage, type FileFacts } from './file-accept.rules.js';
