/**
 * A stable machine name: snake_case, starts with a letter, at most 63 characters.
 */
export type Name = string;
/**
 * An identifier that never changes once assigned; renames keep it, so data follows the rename.
 */
export type StableId = string;
/**
 * A field of an entity. The type decides the options it takes.
 */
export type Field =
  | TextField
  | LongtextField
  | IntegerField
  | NumberField
  | MoneyField
  | PercentField
  | BooleanField
  | DateField
  | DatetimeField
  | EmailField
  | PhoneField
  | UrlField
  | EnumField
  | MultienumField
  | RelationField
  | UserField
  | FormulaField
  | FileField;
/**
 * A stable machine name: snake_case, starts with a letter, at most 63 characters.
 */
export type Name1 = string;
/**
 * A stable machine name: snake_case, starts with a letter, at most 63 characters.
 */
export type Name2 = string;
/**
 * own: records the person owns; team: owned by their team; subtree: their team and the teams below it; all: every record.
 */
export type Scope = "none" | "own" | "team" | "subtree" | "all";
export type FieldAccess = "hidden" | "read" | "write";
/**
 * The one condition language used by filters, process conditions, sharing rules, views and reports. Values may be literals or the dynamic values "$user", "$user.<attribute>", "$now", "$today", or {"$now": "-P7D"} (an ISO 8601 duration added to now).
 */
export type Condition = AndCondition | OrCondition | NotCondition | FieldCondition;
export type ConditionOperator =
  | "eq"
  | "ne"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "in"
  | "nin"
  | "contains"
  | "startsWith"
  | "between"
  | "isEmpty"
  | "isNotEmpty"
  | "changed"
  | "changedTo";
export type Trigger = RecordTrigger | StageTrigger | ScheduleTrigger | DateTrigger | WebhookTrigger | ManualTrigger;
/**
 * An ISO 8601 duration such as PT15M, P3D, -P3D.
 */
export type Duration = string;
export type Node =
  | ConditionNode
  | SwitchNode
  | AssignNode
  | UpdateRecordNode
  | CreateRecordNode
  | CreateTaskNode
  | ApprovalNode
  | WaitNode
  | NotifyNode
  | EmailNode
  | HttpNode
  | ScriptNode
  | LoopNode
  | ParallelNode
  | JoinNode
  | CallProcessNode
  | EndNode;
/**
 * A stable machine name: snake_case, starts with a letter, at most 63 characters.
 */
export type Name3 = string;
/**
 * The one condition language used by filters, process conditions, sharing rules, views and reports. Values may be literals or the dynamic values "$user", "$user.<attribute>", "$now", "$today", or {"$now": "-P7D"} (an ISO 8601 duration added to now).
 */
export type Condition1 = AndCondition | OrCondition | NotCondition | FieldCondition;
/**
 * An ISO 8601 duration such as PT15M, P3D, -P3D.
 */
export type Duration1 = string;
/**
 * An ISO 8601 duration such as PT15M, P3D, -P3D.
 */
export type Duration2 = string;
/**
 * A stable machine name: snake_case, starts with a letter, at most 63 characters.
 */
export type Name4 = string;

/**
 * An app definition: the whole CRM an analyst describes.
 */
export interface App {
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  settings?: {
    timezone?: string;
    defaultLocale?: "ru" | "en";
    currency?: string;
  };
  entities: Entity[];
  pipelines?: Pipeline[];
  roles?: Role[];
  processes?: Process[];
  views?: View[];
  forms?: Form[];
}
/**
 * Text shown to people, in Russian and English.
 */
export interface LocalizedText {
  ru?: string;
  en: string;
}
/**
 * A kind of record (deal, company, contact). Every record also has the system fields id, version, owner, created_at, created_by, updated_at, updated_by.
 */
export interface Entity {
  id?: StableId;
  name: Name;
  label: LocalizedText;
  pluralLabel?: LocalizedText;
  description?: LocalizedText;
  icon?: string;
  /**
   * @minItems 1
   */
  fields: [Field, ...Field[]];
  /**
   * The field shown as the record's title.
   */
  display?: string;
  /**
   * Fields included in full-text search.
   */
  search?: string[];
}
export interface TextField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "text";
  default?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}
export interface LongtextField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "longtext";
  default?: string;
  maxLength?: number;
}
export interface IntegerField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "integer";
  default?: number;
  min?: number;
  max?: number;
}
export interface NumberField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "number";
  default?: number;
  min?: number;
  max?: number;
  /**
   * Digits after the decimal point.
   */
  scale?: number;
}
/**
 * An amount in one currency (default RUB). Records carry it as a number in that currency.
 */
export interface MoneyField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "money";
  default?: number;
  currency?: string;
  min?: number;
  max?: number;
}
export interface PercentField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "percent";
  default?: number;
  min?: number;
  max?: number;
}
export interface BooleanField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "boolean";
  default?: boolean;
}
export interface DateField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "date";
  /**
   * A date (YYYY-MM-DD) or "$today".
   */
  default?: string;
}
export interface DatetimeField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "datetime";
  /**
   * An ISO 8601 date-time or "$now".
   */
  default?: string;
}
export interface EmailField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "email";
  default?: string;
}
/**
 * A phone number, stored in E.164 so the same number typed two ways is one number.
 */
export interface PhoneField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "phone";
  default?: string;
  /**
   * Country assumed for numbers typed without a country code.
   */
  defaultCountry?: string;
}
export interface UrlField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "url";
  default?: string;
}
/**
 * One value from a list. A pipeline may supply the list from its stages.
 */
export interface EnumField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "enum";
  default?: string;
  options?: EnumOption[];
}
export interface EnumOption {
  value: string;
  label?: LocalizedText;
  color?: string;
}
export interface MultienumField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "multienum";
  default?: string[];
  /**
   * @minItems 1
   */
  options: [EnumOption, ...EnumOption[]];
}
/**
 * A link to records of another entity. many-to-one stores the target's id; one-to-many is the inverse of a many-to-one on the target (named by inverse); many-to-many keeps a link table.
 */
export interface RelationField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "relation";
  target: Name;
  cardinality?: "many-to-one" | "one-to-many" | "many-to-many";
  inverse?: Name1;
  onDelete?: "restrict" | "set-null" | "cascade";
}
/**
 * A person in the organisation.
 */
export interface UserField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "user";
  /**
   * A user id or "$user" for the person creating the record.
   */
  default?: string;
}
/**
 * A read-only value computed from the record's own fields whenever it is saved, e.g. amount * probability / 100.
 */
export interface FormulaField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "formula";
  expression: string;
  resultType?: "number" | "text" | "boolean" | "date";
}
export interface FileField {
  id?: StableId;
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  readOnly?: boolean;
  type: "file";
  multiple?: boolean;
  maxSizeMb?: number;
  accept?: string[];
}
/**
 * Ordered stages of an entity, kept in one of its enum fields.
 */
export interface Pipeline {
  name: Name;
  label?: LocalizedText;
  entity: Name;
  field: Name2;
  /**
   * @minItems 1
   */
  stages: [Stage, ...Stage[]];
}
export interface Stage {
  name: Name;
  label?: LocalizedText;
  probability?: number;
  kind?: "open" | "won" | "lost";
  color?: string;
  /**
   * Fields that must be filled before a record enters this stage.
   */
  requiredFields?: Name[];
  /**
   * Stages a record may move to from this one. Absent: any stage.
   */
  transitions?: Name[];
}
/**
 * What the people holding this role may do. A person's permissions are the union of their roles.
 */
export interface Role {
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  /**
   * Manages people, roles and settings; sees everything.
   */
  admin?: boolean;
  /**
   * Edits and publishes the app definition.
   */
  builder?: boolean;
  entities?: {
    [k: string]: EntityPermission;
  };
  /**
   * Per entity, per field access. A field not listed is writable where the entity may be updated.
   */
  fields?: {
    [k: string]: {
      [k: string]: FieldAccess;
    };
  };
  sharing?: SharingRule[];
}
export interface EntityPermission {
  create?: Scope;
  read?: Scope;
  update?: Scope;
  delete?: Scope;
  /**
   * May reassign records to another owner.
   */
  changeOwner?: boolean;
}
/**
 * Grants access to records that match a condition, beyond the role's scope (e.g. deals whose region equals $user.region).
 */
export interface SharingRule {
  name: Name;
  entity: Name;
  /**
   * @minItems 1
   */
  access: ["read" | "update" | "delete", ...("read" | "update" | "delete")[]];
  condition: Condition;
}
export interface AndCondition {
  and: Condition[];
}
export interface OrCondition {
  or: Condition[];
}
export interface NotCondition {
  not: Condition;
}
/**
 * Compares a field (or a dot path into relations, such as company.city) with a value.
 */
export interface FieldCondition {
  field: string;
  op: ConditionOperator;
  value?: unknown;
}
/**
 * A business process: a trigger and a graph of nodes joined by edges. Edges start at the trigger with from = "trigger". Values in node configs may be literals, templates such as "{{record.title}}", or references {"$ref": "record.amount"} into record, trigger, steps.<nodeId>, $user and $now.
 */
export interface Process {
  name: Name;
  label?: LocalizedText;
  description?: LocalizedText;
  enabled?: boolean;
  /**
   * before-save runs inside the record's transaction, so its changes are in the save's response; after-save runs durably on workers.
   */
  mode?: "before-save" | "after-save";
  trigger: Trigger;
  nodes: Node[];
  edges: Edge[];
}
/**
 * Fires when a record of the entity is created, updated or deleted and the condition holds. In a condition, changed / changedTo compare with the value before the save (on create, every set field counts as changed).
 */
export interface RecordTrigger {
  type: "record";
  entity: Name;
  /**
   * @minItems 1
   */
  on: ["create" | "update" | "delete", ...("create" | "update" | "delete")[]];
  condition?: Condition;
}
export interface StageTrigger {
  type: "stage";
  entity: Name;
  pipeline: Name;
  stage: Name;
  condition?: Condition;
}
export interface ScheduleTrigger {
  type: "schedule";
  cron: string;
  timezone?: string;
}
/**
 * Fires relative to a date field of each record, e.g. 3 days before close_date (offset -P3D), or yearly on a birthday.
 */
export interface DateTrigger {
  type: "date";
  entity: Name;
  field: Name;
  offset?: Duration;
  time?: string;
  timezone?: string;
  yearly?: boolean;
  condition?: Condition;
}
/**
 * POST /api/hooks/:name starts the process with the request body as trigger data.
 */
export interface WebhookTrigger {
  type: "webhook";
  name: string;
  /**
   * When set, callers must send it in X-Hook-Secret.
   */
  secret?: string;
  /**
   * A JSON Schema the body must satisfy.
   */
  schema?: {};
}
/**
 * Started by a person on one record or on every record matching a filter.
 */
export interface ManualTrigger {
  type: "manual";
  entity?: Name;
}
/**
 * Handles: true, false.
 */
export interface ConditionNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "condition";
  config: {
    condition: Condition;
  };
}
export interface Position {
  x: number;
  y: number;
}
/**
 * Handles: each case's handle, and default.
 */
export interface SwitchNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "switch";
  config: {
    /**
     * @minItems 1
     */
    cases: [
      {
        handle: string;
        label?: LocalizedText;
        condition: Condition;
      },
      ...{
        handle: string;
        label?: LocalizedText;
        condition: Condition;
      }[]
    ];
  };
}
/**
 * Sets a user field (owner by default) by a strategy.
 */
export interface AssignNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "assign";
  config: {
    field?: string;
    strategy: "user" | "role-round-robin" | "role-least-loaded" | "owner-manager" | "team-senior";
    /**
     * For strategy user: a user id, email, template or ValueRef.
     */
    user?: {
      [k: string]: unknown;
    };
    role?: Name3;
    loadCondition?: Condition1;
  };
}
export interface UpdateRecordNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "update_record";
  config: {
    /**
     * Absent: the triggering record. Otherwise {entity, id} with id a value.
     */
    target?: {
      entity: Name;
      id: unknown;
    };
    values: FieldValues;
  };
}
/**
 * Field name -> value (literal, template or ValueRef).
 */
export interface FieldValues {
  [k: string]: unknown;
}
export interface CreateRecordNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "create_record";
  config: {
    entity: Name;
    values: FieldValues;
  };
}
export interface CreateTaskNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "create_task";
  config: {
    title: string;
    description?: string;
    /**
     * A user id, email, template or ValueRef; absent: the record's owner.
     */
    assignee?: {
      [k: string]: unknown;
    };
    due?: Duration1;
    reminder?: Duration2;
  };
}
/**
 * Waits for people's decision. Handles: approved, rejected, and timeout when escalation is off.
 */
export interface ApprovalNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "approval";
  config: {
    title?: string;
    /**
     * User ids, emails, templates, ValueRefs or {"role": name}.
     *
     * @minItems 1
     */
    approvers: [unknown, ...unknown[]];
    mode?: "one" | "any" | "all";
    timeout?: Duration;
    /**
     * Who gets the approval after the timeout: a user value or {"role": name} or "owner-manager".
     */
    escalateTo?: {
      [k: string]: unknown;
    };
  };
}
export interface WaitNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "wait";
  config: {
    duration?: Duration;
    /**
     * A date or datetime field of the record.
     */
    untilField?: string;
    offset?: Duration;
    untilCondition?: Condition;
    timeout?: Duration;
  };
}
export interface NotifyNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "notify";
  config: {
    /**
     * A user value, a list of them, or {"role": name}.
     */
    to: {
      [k: string]: unknown;
    };
    message: string;
  };
}
export interface EmailNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "email";
  config: {
    to: unknown;
    subject: string;
    body?: string;
    html?: boolean;
  };
}
export interface HttpNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "http";
  config: {
    method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
    url: string;
    headers?: {
      [k: string]: string;
    };
    body?: unknown;
    timeoutMs?: number;
  };
}
/**
 * Runs user code in an isolated sandbox; its return value becomes the step's output.
 */
export interface ScriptNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "script";
  config: {
    language?: "javascript" | "typescript";
    source: string;
    timeoutMs?: number;
    memoryMb?: number;
  };
}
/**
 * Runs the each branch once per related record, then continues on done.
 */
export interface LoopNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "loop";
  config: {
    relation: string;
    filter?: Condition;
    limit?: number;
  };
}
/**
 * Starts every outgoing branch at once.
 */
export interface ParallelNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "parallel";
  config?: {};
}
/**
 * Waits for all (or the first) incoming branches.
 */
export interface JoinNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "join";
  config?: {
    wait?: "all" | "first";
  };
}
export interface CallProcessNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "call_process";
  config: {
    process: Name;
    input?: {};
    wait?: boolean;
  };
}
export interface EndNode {
  id: string;
  label?: LocalizedText;
  position?: Position;
  type: "end";
  config?: {
    status?: "completed" | "failed";
    message?: string;
  };
}
export interface Edge {
  id?: string;
  from: string;
  to: string;
  /**
   * The outgoing handle of the from node (true/false, a switch case, approved/rejected, ...). Absent: "out".
   */
  handle?: string;
}
/**
 * A list, kanban board or calendar over an entity's records.
 */
export interface View {
  name: Name;
  label?: LocalizedText;
  entity: Name;
  kind?: "list" | "kanban" | "calendar";
  columns?: string[];
  filter?: Condition;
  sort?: SortKey[];
  pipeline?: Name4;
  /**
   * Kanban: an enum field to group by when there is no pipeline.
   */
  groupBy?: string;
  /**
   * Calendar: the date or datetime field.
   */
  dateField?: string;
  pageSize?: number;
  /**
   * Roles that see this view; absent: everyone who can read the entity.
   */
  roles?: Name[];
}
export interface SortKey {
  field: string;
  dir?: "asc" | "desc";
}
/**
 * The layout of a record's create and edit form.
 */
export interface Form {
  name: Name;
  label?: LocalizedText;
  entity: Name;
  /**
   * @minItems 1
   */
  sections: [FormSection, ...FormSection[]];
}
export interface FormSection {
  label?: LocalizedText;
  columns?: 1 | 2 | 3;
  visibleWhen?: Condition;
  /**
   * @minItems 1
   */
  fields: [FormItem, ...FormItem[]];
}
export interface FormItem {
  field: string;
  visibleWhen?: Condition;
  requiredWhen?: Condition;
  readOnly?: boolean;
  span?: number;
}
