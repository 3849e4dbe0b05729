import { DEFINITION_SCHEMAS, SCHEMA_BASE_URI, schemaId, type JsonSchema, type LocalizedText } from '@crm/schemas';

/*
 * A JSON Schema (a node's config, a trigger) as the list of fields a property panel shows: label,
 * widget, order, required, default. The schemas say it once with their x- hints (x-label, x-widget,
 * x-order, x-help, x-enum-labels); a member without hints still gets a widget from its type and a
 * label made from its name, so a new schema member shows up before anyone writes its hints.
 * $refs are resolved against the definition-language schemas (DEFINITION_SCHEMAS), each relative
 * to the document it is written in.
 */

export type SchemaWidget =
  | 'text'
  | 'template'
  | 'textarea'
  | 'code'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'multi-enum'
  | 'duration'
  | 'condition'
  | 'entity'
  | 'role'
  | 'roles'
  | 'process'
  | 'pipeline'
  | 'stage'
  | 'relation'
  | 'field'
  | 'date-field'
  | 'user-field'
  | 'user-value'
  | 'value'
  | 'field-values'
  | 'localized-text'
  | 'text-template'
  | 'start-input-default'
  | 'start-input-visible-when'
  | 'object'
  | 'list'
  | 'json';

const WIDGETS: readonly SchemaWidget[] = [
  'text', 'template', 'textarea', 'code', 'number', 'boolean', 'enum', 'multi-enum', 'duration', 'condition', 'entity', 'role', 'roles',
  'process', 'pipeline', 'stage', 'relation', 'field', 'date-field', 'user-field', 'user-value', 'value', 'field-values', 'localized-text', 'text-template', 'start-input-default',
  'start-input-visible-when', 'object',
  'list', 'json',
];

/** A schema with the $id of the document it sits in, so its own $refs resolve. */
export interface ResolvedSchema {
  schema: JsonSchema;
  base: string;
}

export interface SchemaOption {
  value: string;
  label: LocalizedText;
}

export interface SchemaFieldDescriptor {
  key: string;
  label: LocalizedText;
  help: LocalizedText | undefined;
  widget: SchemaWidget;
  order: number;
  required: boolean;
  default: unknown;
  /** The member's schema, $refs resolved (hints of the referring member win). */
  resolved: ResolvedSchema;
  /** enum / multi-enum: the allowed values and their labels; a value member: its special values. */
  options: SchemaOption[];
  minimum: number | undefined;
  maximum: number | undefined;
  integer: boolean;
  /** A list of values (approvers: several people), edited row by row. */
  multiple: boolean;
  /** x-shown-when: the member matters only when each named sibling has one of the values (assign: role only for role strategies). */
  shownWhen: Record<string, string[]> | undefined;
}

export const PROCESS_SCHEMA_ID = schemaId('process.schema.json');
const CONDITION_SCHEMA_ID = schemaId('condition.schema.json');
const LOCALIZED_TEXT_TITLE = 'LocalizedText';

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLocalizedText(value: unknown): value is LocalizedText {
  return isJsonObject(value) && typeof value['en'] === 'string' && (value['ru'] === undefined || typeof value['ru'] === 'string');
}

function isWidget(value: unknown): value is SchemaWidget {
  return typeof value === 'string' && WIDGETS.some((w) => w === value);
}

function documentById(id: string): JsonSchema | undefined {
  for (const doc of DEFINITION_SCHEMAS) {
    const candidate: unknown = doc;
    if (isJsonObject(candidate) && candidate['$id'] === id) return candidate;
  }
  return undefined;
}

/** The absolute $id of the document a $ref names ('#/...' stays in `base`). */
function refTarget(ref: string, base: string): { doc: string; pointer: string } {
  const hash = ref.indexOf('#');
  const file = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  const doc = file === '' ? base : file.startsWith('http') ? file : `${SCHEMA_BASE_URI}${file}`;
  return { doc, pointer };
}

function atPointer(doc: JsonSchema, pointer: string): JsonSchema | undefined {
  let current: unknown = doc;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return isJsonObject(current) ? current : undefined;
}

/** Whether the member is (a $ref to) the condition language. */
export function isConditionRef(schema: JsonSchema, base: string): boolean {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return false;
  const target = refTarget(ref, base);
  return target.doc === CONDITION_SCHEMA_ID && (target.pointer === '' || target.pointer === '/');
}

/** Follows $refs; the referring schema's own keywords (hints, description) win over the target's. */
export function resolveSchema(schema: JsonSchema, base: string = PROCESS_SCHEMA_ID): ResolvedSchema {
  let current: ResolvedSchema = { schema, base };
  for (let hops = 0; hops < 16; hops += 1) {
    const ref = current.schema['$ref'];
    if (typeof ref !== 'string') return current;
    const target = refTarget(ref, current.base);
    const doc = documentById(target.doc);
    const found = doc === undefined ? undefined : atPointer(doc, target.pointer);
    if (found === undefined) return { schema: Object.fromEntries(Object.entries(current.schema).filter(([k]) => k !== '$ref')), base: current.base };
    const { $ref: _ref, ...own } = current.schema;
    current = { schema: { ...found, ...own }, base: target.doc };
  }
  return current;
}

/** "timeoutMs" -> "Timeout ms", "escalateTo" -> "Escalate to": the label of a member with no x-label. */
export function humanise(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema['type'];
  return typeof type === 'string' ? type : undefined;
}

function stringEnum(schema: JsonSchema): string[] | undefined {
  const values = schema['enum'];
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const strings = values.filter((v): v is string => typeof v === 'string');
  return strings.length === values.length ? strings : undefined;
}

function optionsOf(values: readonly string[], labels: unknown): SchemaOption[] {
  return values.map((value) => {
    const hinted = isJsonObject(labels) ? labels[value] : undefined;
    return { value, label: isLocalizedText(hinted) ? hinted : { ru: value, en: value } };
  });
}

function itemsOf(resolved: ResolvedSchema): ResolvedSchema | undefined {
  const items = resolved.schema['items'];
  return isJsonObject(items) ? resolveSchema(items, resolved.base) : undefined;
}

function hasProperties(schema: JsonSchema): boolean {
  return isJsonObject(schema['properties']);
}

/** The widget a member's type implies when it has no x-widget. */
function inferWidget(member: JsonSchema, resolved: ResolvedSchema, memberBase: string): SchemaWidget {
  if (isConditionRef(member, memberBase)) return 'condition';
  const { schema } = resolved;
  if (stringEnum(schema)) return 'enum';
  if (schema['title'] === LOCALIZED_TEXT_TITLE) return 'localized-text';
  const type = typeOf(schema);
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'string') return 'text';
  if (type === 'array') {
    const items = itemsOf(resolved);
    if (items && stringEnum(items.schema)) return 'multi-enum';
    if (items && hasProperties(items.schema)) return 'list';
    return items === undefined ? 'value' : 'json';
  }
  if (type === 'object') return hasProperties(schema) ? 'object' : 'json';
  return type === undefined && !hasProperties(schema) ? 'value' : 'json';
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** One member of an object schema as a form field. */
export function describeMember(key: string, member: JsonSchema, base: string, required: boolean, index: number): SchemaFieldDescriptor {
  const resolved = resolveSchema(member, base);
  const { schema } = resolved;
  const hinted = schema['x-widget'];
  const widget = isWidget(hinted) ? hinted : inferWidget(member, resolved, base);
  const label = schema['x-label'];
  const help = schema['x-help'];
  const order = schema['x-order'];
  const items = typeOf(schema) === 'array' ? itemsOf(resolved) : undefined;
  // A value member may name special values by x-enum-labels alone (escalateTo: "owner-manager").
  const labels = schema['x-enum-labels'];
  const values = stringEnum(schema) ?? (items ? stringEnum(items.schema) : undefined) ?? (isJsonObject(labels) ? Object.keys(labels) : []);
  return {
    key,
    label: isLocalizedText(label) ? label : { ru: humanise(key), en: humanise(key) },
    help: isLocalizedText(help) ? help : undefined,
    widget,
    // Members with no x-order keep their schema order, after the ordered ones.
    order: typeof order === 'number' ? order : 1000 + index,
    required,
    default: schema['default'],
    resolved,
    options: optionsOf(values, labels),
    minimum: numberOrUndefined(schema['minimum']),
    maximum: numberOrUndefined(schema['maximum']),
    integer: typeOf(schema) === 'integer',
    multiple: typeOf(schema) === 'array' && (widget === 'user-value' || widget === 'value'),
    shownWhen: shownWhenOf(schema['x-shown-when']),
  };
}

function shownWhenOf(hint: unknown): Record<string, string[]> | undefined {
  if (!isJsonObject(hint)) return undefined;
  return Object.fromEntries(Object.entries(hint).map(([key, values]) => [key, Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : []]));
}

/**
 * Whether the form shows the member: it has a value (nothing set is ever hidden), or every sibling
 * its x-shown-when names holds one of the listed values (its default counting when absent).
 */
export function isShown(field: SchemaFieldDescriptor, value: unknown, fields: readonly SchemaFieldDescriptor[]): boolean {
  const members = isJsonObject(value) ? value : {};
  if (!field.shownWhen || members[field.key] !== undefined) return true;
  return Object.entries(field.shownWhen).every(([key, allowed]) => {
    const current = members[key] ?? fields.find((f) => f.key === key)?.default;
    return typeof current === 'string' && allowed.includes(current);
  });
}

/** The fields of an object schema in display order; `const` members (a node's `type`) are not fields. */
export function describeSchema(schema: JsonSchema, base: string = PROCESS_SCHEMA_ID): SchemaFieldDescriptor[] {
  const resolved = resolveSchema(schema, base);
  const properties = resolved.schema['properties'];
  if (!isJsonObject(properties)) return [];
  const requiredList = resolved.schema['required'];
  const required = new Set(Array.isArray(requiredList) ? requiredList.filter((r): r is string => typeof r === 'string') : []);
  const fields: SchemaFieldDescriptor[] = [];
  Object.entries(properties).forEach(([key, member], index) => {
    if (!isJsonObject(member) || member['const'] !== undefined) return;
    fields.push(describeMember(key, member, resolved.base, required.has(key), index));
  });
  return fields.sort((a, b) => a.order - b.order);
}

/** The config schema of a node type in process.schema.json (`#/$defs/<configTitle>/properties/config`). */
export function nodeConfigSchema(configTitle: string): JsonSchema | undefined {
  const doc = documentById(PROCESS_SCHEMA_ID);
  return doc === undefined ? undefined : atPointer(doc, `/$defs/${configTitle}/properties/config`);
}

/** A definition of process.schema.json by name (`Trigger` branches: `RecordTrigger`, ...). */
export function processDefinition(name: string): JsonSchema | undefined {
  const doc = documentById(PROCESS_SCHEMA_ID);
  return doc === undefined ? undefined : atPointer(doc, `/$defs/${name}`);
}

/** The text of a localized label in the UI's language. */
export function localized(text: LocalizedText, locale: string): string {
  return locale === 'ru' ? (text.ru ?? text.en) : text.en;
}
