import {
  familyOfSchema,
  fieldFamily,
  START_FORM_LABEL,
  startInputPayloadSchema,
  startInputsOf,
  type App,
  type DefinitionCatalog,
  type Entity,
  type EnumOption,
  type Field,
  type JsonSchema,
  type LocalizedText,
  type NodeSubjects,
  type Trigger,
  type ValueFamily,
} from '@crm/schemas';

/*
 * What a condition (or a template's value picker) can name, as a flat list of paths with labels and
 * value families: the entity's fields and the fields of records they point at (deal -> company ->
 * city, many-to-one only, as the condition language follows), and in a process node the run's
 * values from subjectsAtNode (trigger payload, earlier steps, loop item, $user, $now), typed by
 * their JSON Schemas the way the checker types them.
 */

export interface SubjectPath {
  /** What a condition's `field` holds: 'amount', 'company.city', 'record.amount', 'steps.fetch.status', '$now'. */
  path: string;
  /** Every hop's label: ['Компания', 'Город']. */
  labels: LocalizedText[];
  /** Undefined when the schema leaves the value untyped (any operator, the operand decides). */
  family: ValueFamily | undefined;
  /** enum options (values and, for fields, their labels and colours). */
  options: EnumOption[];
  /** The record field at the end of the path, when it is one. */
  field: Field | undefined;
  /** The group the picker shows it under: 'record', 'trigger', 'steps.<id>', '$user', '$now'. */
  group: string;
}

const MAX_HOPS = 2;
const MAX_VALUE_DEPTH = 3;

const SYSTEM_LABELS: ReadonlyArray<{ name: string; label: LocalizedText; family: ValueFamily }> = [
  { name: 'owner', label: { ru: 'Владелец', en: 'Owner' }, family: 'uuid' },
  { name: 'created_at', label: { ru: 'Создана', en: 'Created at' }, family: 'datetime' },
  { name: 'updated_at', label: { ru: 'Изменена', en: 'Updated at' }, family: 'datetime' },
  { name: 'id', label: { ru: 'Идентификатор', en: 'Id' }, family: 'uuid' },
];

function entityOf(app: App, name: string): Entity | undefined {
  return app.entities.find((e) => e.name === name);
}

function labelOfField(field: Field): LocalizedText {
  return field.label ?? { ru: field.name, en: field.name };
}

/** Enum options of a field, stage names of a pipeline on it included. */
export function fieldOptions(app: App, entity: string, field: Field): EnumOption[] {
  if (field.type !== 'enum' && field.type !== 'multienum') return [];
  const listed = field.options ?? [];
  const stages = (app.pipelines ?? [])
    .filter((p) => p.entity === entity && p.field === field.name)
    .flatMap((p) => p.stages.map((s): EnumOption => ({ value: s.name, label: s.label })));
  const seen = new Set(listed.map((o) => o.value));
  return [...listed, ...stages.filter((s) => !seen.has(s.value))];
}

/** The entity's fields, then the fields of many-to-one relations up to two hops away. */
export function recordFieldPaths(app: App, entity: string, prefix = '', labels: LocalizedText[] = [], group = 'record', hops = 0): SubjectPath[] {
  const definition = entityOf(app, entity);
  if (!definition) return [];
  const out: SubjectPath[] = [];
  for (const field of definition.fields) {
    const hopLabels = [...labels, labelOfField(field)];
    out.push({ path: `${prefix}${field.name}`, labels: hopLabels, family: fieldFamily(field), options: fieldOptions(app, entity, field), field, group });
    if (field.type === 'relation' && (field.cardinality ?? 'many-to-one') === 'many-to-one' && hops < MAX_HOPS) {
      out.push(...recordFieldPaths(app, field.target, `${prefix}${field.name}.`, hopLabels, group, hops + 1));
    }
  }
  if (hops === 0) {
    for (const system of SYSTEM_LABELS) {
      if (definition.fields.some((f) => f.name === system.name)) continue;
      out.push({ path: `${prefix}${system.name}`, labels: [...labels, system.label], family: system.family, options: [], field: undefined, group });
    }
  }
  return out;
}

function humanKey(key: string): LocalizedText {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return { ru: text, en: text };
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLocalizedText(value: unknown): value is LocalizedText {
  return isSchema(value) && typeof value['en'] === 'string';
}

/** A member's words: its x-label (a start form's question says it), else its key made readable. */
function memberLabel(key: string, member: JsonSchema): LocalizedText {
  const label = member['x-label'];
  return isLocalizedText(label) ? label : humanKey(key);
}

/** A choice's words: the schema's x-enum-labels (a start form's choices), else the value itself. */
function optionOf(schema: JsonSchema, value: string): EnumOption {
  const labels = schema['x-enum-labels'];
  const label = isSchema(labels) ? labels[value] : undefined;
  return { value, label: isLocalizedText(label) ? label : { ru: value, en: value } };
}

/** A value's paths inside a JSON Schema (objects walked a few levels deep; the value itself too). */
function schemaPaths(path: string, labels: LocalizedText[], schema: JsonSchema, group: string, depth: number): SubjectPath[] {
  const leaf = familyOfSchema(schema);
  const properties = schema['properties'];
  const out: SubjectPath[] = [];
  if (isSchema(properties) && depth < MAX_VALUE_DEPTH) {
    for (const [key, member] of Object.entries(properties)) {
      if (isSchema(member)) out.push(...schemaPaths(`${path}.${key}`, [...labels, memberLabel(key, member)], member, group, depth + 1));
    }
    return out;
  }
  const family = leaf === 'untyped' ? undefined : leaf.family;
  const options = leaf === 'untyped' ? [] : (leaf.options ?? []).map((value) => optionOf(schema, value));
  return [{ path, labels, family, options, field: undefined, group }];
}

const TRIGGER_LABEL: LocalizedText = { ru: 'Триггер', en: 'Trigger' };

/** The answers of a manual trigger's start form as conditions name them (trigger.input.<question>); none without a form. */
export function startFormPaths(catalog: DefinitionCatalog, trigger: Trigger): SubjectPath[] {
  const inputs = startInputsOf(trigger);
  if (inputs.length === 0) return [];
  return schemaPaths('trigger.input', [TRIGGER_LABEL, START_FORM_LABEL], startInputPayloadSchema(catalog, inputs), 'trigger', 1);
}

/** Everything a condition in a process node can read there. */
export function scopeSubjectPaths(app: App, subjects: NodeSubjects): SubjectPath[] {
  const out: SubjectPath[] = [];
  for (const subject of subjects.subjects) {
    if (subject.root === 'record' && subjects.entity !== undefined) {
      out.push(...recordFieldPaths(app, subjects.entity, 'record.', [subject.label], 'record'));
      continue;
    }
    out.push(...schemaPaths(subject.root, [subject.label], subject.schema, subject.root, 0));
  }
  return out;
}

/** The picker's list: the scope's values in a process node, the entity's fields elsewhere. */
export function subjectPathsFor(app: App, entity: string | undefined, subjects: NodeSubjects | undefined): SubjectPath[] {
  if (subjects) return scopeSubjectPaths(app, subjects);
  return entity === undefined ? [] : recordFieldPaths(app, entity);
}

/**
 * The subject a condition's `field` names. In a process node the run's record is `record.<path>`,
 * but the condition language also takes the bare field name there (templates and hand-written
 * definitions use it), so 'amount' is the record's amount when nothing else is called that.
 */
export function findSubject(subjects: readonly SubjectPath[], field: string): SubjectPath | undefined {
  const exact = subjects.find((s) => s.path === field);
  if (exact || field === '' || field.startsWith('record.')) return exact;
  return subjects.find((s) => s.group === 'record' && s.path === `record.${field}`);
}

/** "Компания › Город" in the UI's language. */
export function subjectLabel(subject: Pick<SubjectPath, 'labels'>, locale: string): string {
  return subject.labels.map((l) => (locale === 'ru' ? (l.ru ?? l.en) : l.en)).join(' › ');
}
