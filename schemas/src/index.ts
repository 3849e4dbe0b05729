/*
 * @crm/schemas: the definition language. Types generated from schemas/json, shape and semantic
 * validation of app definitions and templates, record schemas and validators per entity.
 */

export type * from '../generated/definition.types.js';

export type { DefinitionIssue, LocalizedMessage } from './issues/definition-issue.types.js';
export { joinPointer, pointerTokens, valueAt } from './issues/json-pointer.js';

export { getDefinitionAjv } from './validation/ajv.instance.js';
export { linearPattern, linearRegExp, MAX_PATTERN_INPUT, patternProblem } from './validation/linear-regexp.factory.js';
export { DEFINITION_SCHEMAS, SCHEMA_BASE_URI, schemaId } from './validation/definition-schemas.registry.js';
export {
  checkShape,
  validateAppShape,
  validateConditionShape,
  validateEntityShape,
  validateFieldShape,
  validateFormShape,
  validateNodeShape,
  validatePipelineShape,
  validateProcessShape,
  validateRoleShape,
  precompiledShapeValidatorsInstalled,
  validateTemplateShape,
  validateTriggerShape,
  validateViewShape,
  type ShapeKind,
  type ShapeResult,
} from './validation/shape.validators.js';
export { validateApp, validateTemplate, type AppValidationResult, type TemplateValidationResult } from './validation/app.validator.js';
export { looksLikeRelativeDate, parseRelativeDate, resolveRelativeDate, type RelativeDate } from './template/relative-date.resolver.js';
export { formatDocumentNumber, NUMBER_FORMAT_MESSAGES, NUMBER_FORMAT_MAX, numberFormatProblem, numberingPeriod, numberingSequence, type NumberDate, type NumberFormatProblem } from './template/template-text-number.rules.js';
export { checkAppSemantics } from './semantic/semantic.validator.js';
export {
  DATE_TYPES,
  GROUPABLE_TYPES,
  GROUPED_KINDS,
  METRIC_KINDS,
  NUMERIC_TYPES,
  WIDGET_KINDS,
  reportValueType,
  widgetFieldChoices,
  widgetFieldsRead,
  widgetFieldType,
  widgetPipelines,
  type WidgetFieldChoices,
} from './semantic/dashboard-fields.rules.js';
export { PERIOD_RANGES, isPeriodRange, periodBounds, type PeriodBounds } from './semantic/dashboard-period.rules.js';
export { PERSONAL_DATA_TYPES, UTM_PARAMETERS, WEB_FORM_FIELD_TYPES, isWebFormFieldType, webFormFieldChoices, webFormRequiredFields } from './semantic/web-form.rules.js';

export { BUILT_IN_ADMIN_ROLE, holdsAdminRole, limitRoles } from './definition/role-limit.rules.js';
export { SYSTEM_FIELDS, READ_ONLY_SYSTEM_FIELDS, isSystemField, type SystemField } from './definition/system-field.catalog.js';
export { SIMULATE_REQUEST_SCHEMA, type SimulateRequest, type SimulateResponse, type SimulateStep } from './http/process-simulate.contract.js';
export {
  UI_LOCALES,
  isUiLocale,
  type UiLocale,
  type SessionUser,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
  type UpdateMeRequest,
  type ApiErrorBody,
  type ApiErrorDetail,
  type WorkspaceEntity,
  type WorkspaceEntitiesResponse,
} from './http/session.contract.js';
export { checkSimulateRequest, type RequestIssue } from './http/simulate-request.validator.js';
export { SCRIPT_API, SCRIPT_FIND_LIMIT, SCRIPT_PARAMETERS, type ScriptApiFunction, type ScriptApiName, type ScriptParameter } from './script/script-api.catalog.js';
export {
  SCRIPT_ENV_DECLARATIONS,
  SCRIPT_FOOTER,
  apiDeclarationsFor,
  recordDeclarationsFor,
  scriptDeclarationsFor,
  scriptHeader,
  scriptScopeTypes,
  wrapScriptSource,
  type ScriptDeclarations,
  type ScriptParameterTypes,
  type ScriptSourceLanguage,
} from './script/script-declarations.mapping.js';
export { nodeOutputHandles, DEFAULT_HANDLE, type NodeHandle } from './process/node-handle.catalog.js';
export { stronglyConnected } from './process/graph-components.rules.js';
export {
  NODE_TYPES,
  UNTYPED,
  nodeOutputSchema,
  type NodeCategory,
  type NodeOutputContext,
  type NodeTypeCatalog,
  type NodeTypeInfo,
} from './process/node-type.catalog.js';
export { triggerPayloadSchema } from './process/trigger-payload.catalog.js';
export { START_FORM_LABEL, startInputsOf, startInputField, startInputSchema, startInputValidator, startInputPayloadSchema } from './process/start-input.rules.js';
export { START_DEFAULT_WORDS, isDefaultWord, startDefaultOf, withStartDefaults, type StartDefaultsContext } from './process/start-input-default.rules.js';
export { CONDITION_QUESTION_TYPES, hiddenStartInputs, isConditionQuestion, isStartInputShown, meetsStartCondition } from './process/start-input-visibility.rules.js';
export { appTimezoneOf, calendarDateIn } from './record/calendar-date.rules.js';
export { typeExpressionOf } from './process/json-schema-type.mapping.js';
export { nodeOutputIssues } from './process/node-output.validator.js';
export {
  conditionScopeOf,
  subjectsAtNode,
  triggerRecordEntity,
  type NodeSubjects,
  type UnavailableSubject,
  type ValueSubject,
} from './process/process-subjects.mapping.js';
export {
  DEFAULT_DEPTH_LIMIT,
  DEFAULT_HTTP_RETRY_ON,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_NODE_LIMIT_CEILINGS,
  DEFAULT_RETRY_POLICY,
  NODE_LIMITS_CATALOG,
  httpStatusRetried,
  retryDelayMsOf,
  type NodeLimitCeilings,
  type NodeLimitEntry,
} from './process/node-limits.catalog.js';

export { compileRecordSchema, UnknownEntityError } from './record/record-schema.compiler.js';
export { getRecordValidator } from './record/record.validator.js';
export { INTEGER_RANGE, MONEY_RANGE, NUMBER_RANGE, TEXT_MAX_LENGTH, YEAR_RANGE } from './record/field-limits.catalog.js';
export { isStorableDate, isStorableDateTime } from './record/storable-date.rules.js';
export { normalisePhone } from './record/record-value.normalizer.js';
export { recordReadSchema, recordTypesFor, recordTypeName } from './record/record-types.generator.js';
export { buildCatalog, type DefinitionCatalog } from './definition/definition.catalog.js';
export { canonicalJson, sameDocument } from './definition/definition-document.rules.js';
export type {
  JsonSchema,
  RecordFieldError,
  RecordFieldErrorCode,
  RecordMode,
  RecordSchema,
  RecordValidationResult,
  RecordValidator,
} from './record/record-schema.types.js';

export { compileFormula, coerceFormulaResult, FORMULA_FUNCTIONS } from './formula/index.js';
export type { CompiledFormula, FormulaCompilation, FormulaError, FormulaResultType } from './formula/index.js';

export type {
  CheckContext,
  ConditionContext,
  ConditionIssue,
  ConditionIssueCode,
  ConditionScope,
  ConditionUser,
  FieldVisibility,
  ScopedCheckContext,
  ScopedConditionContext,
  ScopeValues,
} from './condition/index.js';
export {
  checkCondition,
  checkScopedCondition,
  evaluateConditionInScope,
  familyOfSchema,
  SCOPE_ROOTS,
  conditionIssueCode,
  evaluateCondition,
  compileConditionToSql,
  ConditionError,
  ConditionRecordError,
  isConditionError,
  OPERATORS,
  OPERATORS_BY_FAMILY,
  TRIGGER_OPERATORS,
  type SqlCompileResult,
  type ValueFamily,
} from './condition/index.js';

export * from './field/index.js';
export {
  DEFINITION_SOURCE_HEADER,
  DEFINITION_VERSION_HEADER,
  type ArchiveSummary,
  type DefinitionSource,
  type PlanStepKind,
  type PlanStepView,
  type PublishDryRunResponse,
  type PublishRequest,
  type PublishResponse,
  type PutDraftResponse,
  type RollbackRequest,
  type VersionDetail,
  type VersionSummary,
} from './http/definitions.contract.js';
export type { DraftTextTemplatesResponse, TemplateCounts, TemplateDetail, TemplateSummary, TemplateTextTemplateSummary } from './http/templates.contract.js';
export type { TemplateInstallMode, TemplateInstallParts, TemplateInstallPreview, TemplateInstallRequest, TemplateInstallResult } from './http/template-install.contract.js';
export type { SavedView, SavedViewConfig, SavedViewDraft, SavedViewSortKey } from './http/saved-views.contract.js';
export { RECIPIENT_STATUSES, type Mailing, type MailingAudience, type MailingDealCount, type MailingLinkBase, type MailingDetail, type MailingDraft, type MailingPreview, type MailingPreviewRequest, type MailingRecipient, type MailingResults, type MailingStatus, type RecipientStatus, type Segment, type SegmentDraft, type SegmentPreview } from './http/mailings.contract.js';
export type { DuplicateOf, DuplicatePolicy, ImportFieldInfo, ImportFieldsAnswer, ImportMode, ImportReport, RowProblem, SkippedRow } from './http/import.contract.js';
export {
  BULK_MAX_IDS,
  BULK_MAX_MATCHING,
  type BulkAction,
  type BulkMatch,
  type BulkRequestBody,
  type BulkResponse,
  type BulkResult,
} from './http/records-bulk.contract.js';
export type { EntityAccessSummary, WorkspaceDefinition, WorkspaceProcess } from './http/workspace-definition.contract.js';
export type { HistoryActor, HistoryItem, RecordData, RecordHistory, RecordPage } from './http/records.contract.js';
export type { AggregateGroup, AggregateReport, AggregateReportBody, FunnelReport, FunnelReportBody, FunnelStage, ReportDateBucket, ReportLabel, ReportSum } from './http/reports.contract.js';
export type { HumanTask, HumanTaskList, TaskAssignee, TaskOutcome, TaskReassigned, RecordProcessTask, RecordProcessTaskList } from './http/tasks.contract.js';
export type { AppNotification, AppNotificationList } from './http/notifications.contract.js';
export type { UserSummary, UserSummaryPage } from './http/users.contract.js';
export type { AccessExplanation, ExplainedDecider, ExplainedField, ExplainedOperation } from './http/access-explain.contract.js';
export type { AdminRunPage, AdminRunSummary, BulkRetryRequest, BulkRetryResult, ManualStartRequest, ManualStartResponse, OldestDueJob, QueueHealth, RunDetailBody, RunAnswer, RunFailure, RunProgress, RunProgressRequest, RunQueue, RunSummary, RunSummaryPage, RunWaitSummary, WorkerLoopState } from './http/process-runs.contract.js';
export { BULK_RETRY_LIMIT, MAX_PROGRESS_RUNS, PROGRESS_FAILED_SHOWN } from './http/process-runs.contract.js';
export type { FileValue } from './http/files.contract.js';
export type { CallOnTimeline, TelephonyConfig, TelephonyIntegration, TelephonyIntegrationWithSecret, TelephonyMatchRule } from './http/telephony.contract.js';
export type { MailRecordRef, RecordEmail, RecordEmailList } from './http/mail.contract.js';
export { TEXT_TEMPLATE_KINDS, TEXT_TEMPLATE_NAME_PATTERN, type CreateDocumentRequest, type CreateDocumentResponse, type EmailPreview, type MailboxMessage, type MailStatus, type RecordDocument, type RecordDocumentList, type SendEmailRequest, type SendEmailResponse, type TemplateProblem, type TextTemplate, type TextTemplateInput, type TextTemplateKind, type TextTemplateList, type TextTemplatePreviewRequest } from './http/text-templates.contract.js';
export { BUNDLE_FORMAT_VERSION, checkBundle, type BundleCheck, type BundleProblem } from './bundle/bundle.validator.js';
