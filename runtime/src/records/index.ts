/*
 * The public face of records (README.md beside this file): what other areas of the runtime use.
 * Every import from outside records/ goes through this file (a lint rule enforces it); the rest of
 * the folder is its own business. Test helpers (records.test-support.ts, records.fixtures.ts) are
 * imported directly by tests and are not part of the face.
 */

// The service and its HTTP routes.
export { createRecordService, type RecordService } from './record.service.js';
export { recordsRoutes } from './records.routes.js';
export { recordsBulkRoutes } from './records-bulk.routes.js';

// Types of stored records and of who writes them.
export { actorKindOf, type FieldChange, type RecordCaller, type RecordValues, type StoredRecord } from './record.types.js';
export { writeHistory, type HistoryEntry } from './record-history.writer.js';
// One 400 naming every field (a start form's answers are checked like a record's fields).
export { validationFailed } from './record-input.validator.js';

// The seams every save runs through (the engine host builds them; import and processes use them).
export { defaultBeforeSaveHooks, type BeforeSaveHook } from './before-save.hooks.js';
export { discardingEventSink, fanOutSink, jsonRowsOf, type RecordEventSink } from './record-events.outbox.js';

// The entity model: an entity of the live definition with its table and columns.
export { findEntityModel, requireEntityModel, type LinkField, type RecordEntityModel } from './record-entity.model.js';

// Reading: list queries, filters, sort, expand, access errors (exchange, reports, processes).
export { parseExpand, parseListQuery, singleParam, type ListQuery } from './list-query.parser.js';
export type { SortKey } from './list-sort.parser.js';
export { compileListFilter } from './list-filter.compiler.js';
export { listRecords } from './record-list.query.js';
export { expandRecords, planExpand, type ExpandNode } from './record-expand.loader.js';
export { fieldsForbidden, operationForbidden, recordNotFound, visibleRecord } from './record-access.guard.js';
export { hideUnreadableReferences } from './readable-references.checker.js';

// Writing steps the batched import reuses (it writes many rows at once, not through the service).
export { prepareSave, versionConflict } from './record-write.steps.js';
export { appTimezone, withDefaults } from './record-defaults.resolver.js';
export { computeFormulas } from './formula-fields.calculator.js';
export { checkPipelineRules } from './pipeline-rules.checker.js';
export { checkReferences } from './record-references.checker.js';
export { diffRecords } from './record-changes.differ.js';
export { findRecordChecked, isUuid, replaceLinks, withLinks } from './record.repository.js';
export { recordColumns, toColumnValues, toStoredRecord } from './record-row.mapper.js';
export { uniqueViolationConflict } from './unique-violation.mapper.js';
export { readRecordTitles, titleKey, type TitleReader } from './record-titles.reader.js';
