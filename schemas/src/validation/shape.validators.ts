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
 * (Ajv caches by schema), so importing this module costs nothing until something is validated;
 * precompiled ones are used instead when installed (below).
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

/** The schema each shape validator checks against, by kind; the condition branches name the failing alternative. */
export const SHAPE_REFS: { readonly [K in ShapeKind | ConditionBranch]: string } = {
  app: schemaId('app.schema.json'),
  template: schemaId('template.schema.json'),
  entity: schemaId('entity.schema.json'),
  field: schemaId('field.schema.json'),
  pipeline: schemaId('pipeline.schema.json'),
  role: schemaId('role.schema.json'),
  process: PROCESS,
  trigger: `${PROCESS}#/$defs/Trigger`,
  node: `${PROCESS}#/$defs/Node`,
  view: schemaId('view.schema.json'),
  form: schemaId('form.schema.json'),
  condition: CONDITION,
  AndCondition: `${CONDITION}#/$defs/AndCondition`,
  OrCondition: `${CONDITION}#/$defs/OrCondition`,
  NotCondition: `${CONDITION}#/$defs/NotCondition`,
  FieldCondition: `${CONDITION}#/$defs/FieldCondition`,
};

export type PrecompiledShapeValidators = { readonly [K in keyof typeof SHAPE_REFS]: ValidateFunction };

let precompiled: Partial<PrecompiledShapeValidators> = {};

/*
 * Compiling the definition schemas costs most of a second of CPU (Ajv's code generation and the
 * patterns' RE2 programs) in every process that validates: the runtime at start and the builder's
 * validation worker on each page load, where it competed with the page's first drag for the cores.
 * The same validators generated ahead of time (schemas/generated/definition.validators.ts) are
 * installed by importing '@crm/schemas/precompiled'; without it they are compiled on first use.
 * '@crm/schemas/precompiled-condition' installs the condition's alone (a page that checks a
 * condition under a policy without 'unsafe-eval', where compiling would throw).
 */
export function installPrecompiledShapeValidators(table: Partial<PrecompiledShapeValidators>): void {
  precompiled = { ...precompiled, ...table };
}

/** Whether this process or worker has installed all of them (its tests check that it does). */
export function precompiledShapeValidatorsInstalled(): boolean {
  return (Object.keys(SHAPE_REFS) as Array<keyof typeof SHAPE_REFS>).every((name) => precompiled[name] !== undefined);
}

function lazy<T>(name: keyof typeof SHAPE_REFS): () => ValidateFunction<T> {
  let compiled: ValidateFunction<T> | undefined;
  // A precompiled validator is the same generated code as the compiled one; the cast is Ajv's own.
  return () => (compiled ??= (precompiled[name] as ValidateFunction<T> | undefined) ?? getDefinitionAjv().compile<T>({ $ref: SHAPE_REFS[name] }));
}

const VALIDATORS: { readonly [K in ShapeKind]: () => ValidateFunction<ShapeTypes[K]> } = {
  app: lazy('app'),
  template: lazy('template'),
  entity: lazy('entity'),
  field: lazy('field'),
  pipeline: lazy('pipeline'),
  role: lazy('role'),
  process: lazy('process'),
  trigger: lazy('trigger'),
  node: lazy('node'),
  view: lazy('view'),
  form: lazy('form'),
  condition: lazy('condition'),
};

const CONDITION_BRANCHES: Readonly<Record<ConditionBranch, () => ValidateFunction>> = {
  AndCondition: lazy('AndCondition'),
  OrCondition: lazy('OrCondition'),
  NotCondition: lazy('NotCondition'),
  FieldCondition: lazy('FieldCondition'),
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
