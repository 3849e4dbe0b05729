import type { ErrorObject, ValidateFunction } from 'ajv';
import type {
  App,
  Condition,
  Entity,
  Field,
  Form,
  Node,
  Pipeline,
  Process,
  Role,
  TemplateBundle,
  Trigger,
  View,
} from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { getDefinitionAjv } from './ajv.instance.js';
import { schemaId } from './definition-schemas.registry.js';
import type { DocumentKind } from './location.describer.js';
import { shapeIssuesFrom, type ConditionBranch } from './shape-issue.mapper.js';

/*
 * Typed shape validators over the one Ajv instance. Each is compiled on first use and kept
 * (Ajv caches by schema), so importing this module costs nothing until something is validated.
 */

interface ShapeTypes {
  app: App;
  template: TemplateBundle;
  entity: Entity;
  field: Field;
  pipeline: Pipeline;
  role: Role;
  process: Process;
  trigger: Trigger;
  node: Node;
  view: View;
  form: Form;
  condition: Condition;
}

export type ShapeKind = keyof ShapeTypes;

const PROCESS = schemaId('process.schema.json');
const CONDITION = schemaId('condition.schema.json');

function lazy<T>(ref: string): () => ValidateFunction<T> {
  let compiled: ValidateFunction<T> | undefined;
  return () => (compiled ??= getDefinitionAjv().compile<T>({ $ref: ref }));
}

const VALIDATORS: { readonly [K in ShapeKind]: () => ValidateFunction<ShapeTypes[K]> } = {
  app: lazy(schemaId('app.schema.json')),
  template: lazy(schemaId('template.schema.json')),
  entity: lazy(schemaId('entity.schema.json')),
  field: lazy(schemaId('field.schema.json')),
  pipeline: lazy(schemaId('pipeline.schema.json')),
  role: lazy(schemaId('role.schema.json')),
  process: lazy(PROCESS),
  trigger: lazy(`${PROCESS}#/$defs/Trigger`),
  node: lazy(`${PROCESS}#/$defs/Node`),
  view: lazy(schemaId('view.schema.json')),
  form: lazy(schemaId('form.schema.json')),
  condition: lazy(CONDITION),
};

const CONDITION_BRANCHES: Readonly<Record<ConditionBranch, () => ValidateFunction>> = {
  AndCondition: lazy(`${CONDITION}#/$defs/AndCondition`),
  OrCondition: lazy(`${CONDITION}#/$defs/OrCondition`),
  NotCondition: lazy(`${CONDITION}#/$defs/NotCondition`),
  FieldCondition: lazy(`${CONDITION}#/$defs/FieldCondition`),
};

function guard<K extends ShapeKind>(kind: K): (input: unknown) => input is ShapeTypes[K] {
  return (input: unknown): input is ShapeTypes[K] => VALIDATORS[kind]()(input);
}

export const validateAppShape = guard('app');
export const validateTemplateShape = guard('template');
export const validateEntityShape = guard('entity');
export const validateFieldShape = guard('field');
export const validatePipelineShape = guard('pipeline');
export const validateRoleShape = guard('role');
export const validateProcessShape = guard('process');
export const validateTriggerShape = guard('trigger');
export const validateNodeShape = guard('node');
export const validateViewShape = guard('view');
export const validateFormShape = guard('form');
export const validateConditionShape = guard('condition');

function conditionBranchErrors(branch: ConditionBranch, value: unknown): readonly ErrorObject[] {
  const validate = CONDITION_BRANCHES[branch]();
  return validate(value) ? [] : (validate.errors ?? []);
}

export type ShapeResult<T> = { ok: true; value: T } | { ok: false; issues: DefinitionIssue[] };

const DOCUMENT_KINDS: Partial<Record<ShapeKind, DocumentKind>> = { app: 'app', template: 'template' };

/**
 * Checks the shape of `input` as a `kind` (app, template, entity, node, condition, ...). Issues
 * carry JSON pointers relative to `input` and messages in Russian and English.
 */
export function checkShape<K extends ShapeKind>(kind: K, input: unknown): ShapeResult<ShapeTypes[K]> {
  const validate = VALIDATORS[kind]();
  if (validate(input)) return { ok: true, value: input };
  const errors = validate.errors ?? [];
  return { ok: false, issues: shapeIssuesFrom(errors, input, DOCUMENT_KINDS[kind] ?? 'other', conditionBranchErrors) };
}
