import type { App, Entity, Field, StartInput, Trigger } from '../../generated/definition.types.js';
import { buildCatalog, type DefinitionCatalog } from '../definition/definition.catalog.js';
import { readSchema, writeSchema } from '../record/field-value.schemas.js';
import type { JsonSchema, RecordSchema, RecordValidator } from '../record/record-schema.types.js';
import { validatorOf } from '../record/record.validator.js';

/*
 * A manual trigger's start form (trigger.inputs): each question is a field of the form, so its
 * answer is normalised and checked exactly as a record field of that type is (phones to E.164,
 * required means not empty, an enum takes its options), its value in the run is typed like one,
 * and the workspace draws it with the same inputs as a record form. Browser-safe: the start dialog
 * checks the answers with this before it sends them, and the start route checks them again.
 */

/** The start form's questions, in order; none when the trigger asks nothing. */
export function startInputsOf(trigger: Trigger): readonly StartInput[] {
  return trigger.type === 'manual' ? (trigger.inputs ?? []) : [];
}

/** The question as the field it is answered like (the field widgets and the validator take fields). */
export function startInputField(input: StartInput): Field {
  const common = {
    name: input.name,
    ...(input.label ? { label: input.label } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.required === true ? { required: true } : {}),
  };
  switch (input.type) {
    case 'enum':
      return { ...common, type: 'enum', options: input.options ?? [] };
    case 'multienum':
      return { ...common, type: 'multienum', options: input.options ?? [] };
    case 'relation':
      return { ...common, type: 'relation', target: input.target ?? '', cardinality: 'many-to-one' };
    case 'money':
      return { ...common, type: 'money', ...(input.currency ? { currency: input.currency } : {}) };
    default:
      return { ...common, type: input.type };
  }
}

/** The form as an entity of its questions: what the record validator and normaliser walk. */
function formEntity(process: string, inputs: readonly StartInput[]): Entity {
  return { name: process, label: { en: process }, fields: inputs.map(startInputField) };
}

/** The JSON Schema of the answers a starter may send (the workspace checks them with it before sending). */
export function startInputSchema(app: App, process: string, inputs: readonly StartInput[]): RecordSchema {
  return answersSchema(buildCatalog(app), formEntity(process, inputs));
}

function answersSchema(catalog: DefinitionCatalog, entity: Entity): RecordSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of entity.fields) {
    const schema = writeSchema(catalog, entity.name, field, field.required === true);
    if (schema) properties[field.name] = schema;
  }
  const required = entity.fields.filter((f) => f.required === true).map((f) => f.name);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${entity.name} (start)`, type: 'object', properties, required, additionalProperties: false };
}

const validators = new WeakMap<readonly StartInput[], Map<string, RecordValidator>>();

/**
 * The validator of a start form's answers: `{ok, value}` with the answers normalised, or one error
 * per question (`field` is the question's name). No answers at all is an empty form; a question
 * left empty is null in the value. A question in `hidden` (its visibleWhen not met,
 * start-input-visibility.rules.ts) is not required: the caller drops its answer, so it is null too.
 */
export function startInputValidator(app: App, process: string, inputs: readonly StartInput[], hidden: ReadonlySet<string> = new Set()): RecordValidator {
  let perForm = validators.get(inputs);
  if (!perForm) {
    perForm = new Map();
    validators.set(inputs, perForm);
  }
  // Only a hidden required question changes what is checked: one compiled validator per such set.
  const relaxed = inputs.filter((i) => i.required === true && hidden.has(i.name)).map((i) => i.name);
  const key = relaxed.join('\u0000');
  let validator = perForm.get(key);
  if (!validator) {
    const asked = relaxed.length === 0 ? inputs : inputs.map((i) => (relaxed.includes(i.name) ? { ...i, required: false } : i));
    const entity = formEntity(process, asked);
    const check = validatorOf(entity, answersSchema(buildCatalog(app), entity));
    const names = inputs.map((i) => i.name);
    // Every question has a key in the run, null when left empty or hidden, so a script reads one shape.
    validator = (input) => {
      const result = check(input ?? {});
      if (!result.ok) return result;
      const value: Record<string, unknown> = {};
      for (const name of names) value[name] = result.value[name] ?? null;
      return { ok: true, value };
    };
    perForm.set(key, validator);
  }
  return validator;
}

/** The words the builder's pickers name an answer by: its question, and its choices' labels. */
function labelled(schema: JsonSchema, input: StartInput): JsonSchema {
  const choices = (input.options ?? []).filter((o) => o.label !== undefined);
  return {
    ...schema,
    'x-label': input.label ?? { en: input.name },
    ...(choices.length > 0 ? { 'x-enum-labels': Object.fromEntries(choices.map((o) => [o.value, o.label])) } : {}),
  };
}

/**
 * What `trigger.input` holds in a run: the answers, typed like record fields (null when left
 * empty), each with its question as x-label (and its choices' labels as x-enum-labels) so a
 * condition reads "Срочность = Срочно" rather than "trigger.input.urgency = urgent".
 */
export function startInputPayloadSchema(catalog: DefinitionCatalog, inputs: readonly StartInput[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const input of inputs) {
    // A conditional question may be hidden, and then its answer is null even when it is required.
    const field = input.visibleWhen ? { ...startInputField(input), required: false } : startInputField(input);
    const schema = readSchema(catalog, '', field);
    if (schema) properties[input.name] = labelled(schema, input);
  }
  return { type: 'object', 'x-label': START_FORM_LABEL, properties, required: Object.keys(properties), additionalProperties: false };
}

/** How the builder names trigger.input of a process with a start form. */
export const START_FORM_LABEL = { ru: 'Форма запуска', en: 'Start form' } as const;
