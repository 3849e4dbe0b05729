import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import * as conditionOnly from '../../generated/condition.validators.js';
import * as precompiled from '../../generated/definition.validators.js';
import { CONDITION_REFS, generateConditionValidators, generateDefinitionValidators } from '../../scripts/definition-validators.generator.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { getDefinitionAjv } from './ajv.instance.js';
import { SHAPE_REFS } from './shape.validators.js';

/*
 * The validators generated ahead of time (schemas/generated/definition.validators.ts) must be the
 * ones Ajv compiles at run time: the file is what the generator writes today, and both give the
 * same verdict and the same errors on the app that uses every type and on hundreds of broken copies.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Kind = keyof typeof SHAPE_REFS;

const generatedDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../generated');
const committedFile = path.join(generatedDir, 'definition.validators.ts');

function compiled(kind: Kind): ValidateFunction {
  return getDefinitionAjv().compile({ $ref: SHAPE_REFS[kind] });
}

/** What checkShape reads of an error, without the schema objects (the same content, other objects). */
function verdict(validate: ValidateFunction, input: unknown): { valid: boolean; errors: Array<Partial<ErrorObject>> } {
  const valid = validate(input) === true;
  const errors = (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, schemaPath: e.schemaPath, keyword: e.keyword, params: e.params, message: e.message, data: e.data, schema: e.schema, parentSchema: e.parentSchema }));
  return { valid, errors };
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Every path to a value in the document, parents before children. */
function paths(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => paths(item, [...at, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...at, key]))];
  return here;
}

function set(root: Json, at: ReadonlyArray<string | number>, change: (parent: Json[] | { [key: string]: Json }, key: string | number) => void): Json {
  const copy = clone(root);
  let parent: Json = copy;
  for (const key of at.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] ?? null;
  const last = at[at.length - 1];
  if (last !== undefined && parent !== null && typeof parent === 'object') change(parent, last);
  return copy;
}

/** Broken copies: a value of the wrong type, a key removed, an unknown key added, an empty string. */
function brokenCopies(root: Json, every: number): Json[] {
  const all = paths(root).filter((p) => p.length > 0);
  const copies: Json[] = [];
  all.forEach((at, i) => {
    if (i % every !== 0) return;
    copies.push(set(root, at, (parent, key) => Reflect.set(parent, key, typeof Reflect.get(parent, key) === 'number' ? 'x' : 42)));
    copies.push(set(root, at, (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : Reflect.deleteProperty(parent, key))));
    copies.push(set(root, at, (parent, key) => Reflect.set(parent, key, typeof Reflect.get(parent, key) === 'string' ? '' : {})));
    copies.push(
      set(root, at, (parent, key) => {
        const value: unknown = Reflect.get(parent, key);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) Reflect.set(value, 'unexpected_key', true);
      }),
    );
  });
  return copies;
}

/** Every condition in a document (and, inside and/or/not, each of its parts). */
function conditionsOf(document: unknown): Json[] {
  const conditions: Json[] = [];
  const collect = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') {
      if ('op' in value && ('field' in value || 'all' in value || 'any' in value || 'not' in value)) conditions.push(value);
      Object.values(value).forEach(collect);
    }
  };
  collect(JSON.parse(JSON.stringify(document)) as Json);
  return conditions;
}

describe('precompiled shape validators', () => {
  it('are what the generator writes from the schemas today (run `npm run gen:types` when this fails)', () => {
    // ARRANGE
    const onDisk = fs.readFileSync(committedFile, 'utf8');

    // ACT
    const generated = generateDefinitionValidators();

    // ASSERT
    expect(generated === onDisk).toBe(true);
  });

  it('export one validator for each shape kind and condition branch', () => {
    // ASSERT
    expect(Object.keys(precompiled).sort()).toEqual(Object.keys(SHAPE_REFS).sort());
  });

  it('judge the full app and several hundred broken copies of it as the compiled validators do', () => {
    // ARRANGE
    const app: Json = JSON.parse(JSON.stringify(fullApp()));
    const inputs = [app, ...brokenCopies(app, 3)];
    const ours = precompiled.app as ValidateFunction;
    const ajvs = compiled('app');

    // ACT
    const differing = inputs.filter((input) => JSON.stringify(verdict(ours, input)) !== JSON.stringify(verdict(ajvs, input)));
    const invalid = inputs.filter((input) => !verdict(ajvs, input).valid).length;

    // ASSERT
    expect(inputs.length).toBeGreaterThan(400);
    expect(invalid).toBeGreaterThan(inputs.length / 2);
    expect(differing).toEqual([]);
  });

  it('judge each part of the app (entity, field, node, condition, ...) and broken copies as the compiled validators do', () => {
    // ARRANGE
    const app = fullApp();
    const conditions = conditionsOf(app);
    const parts: Array<[Kind, Json[]]> = [
      ['entity', app.entities as unknown as Json[]],
      ['field', app.entities.flatMap((e) => e.fields) as unknown as Json[]],
      ['pipeline', (app.pipelines ?? []) as unknown as Json[]],
      ['role', (app.roles ?? []) as unknown as Json[]],
      ['process', (app.processes ?? []) as unknown as Json[]],
      ['trigger', (app.processes ?? []).map((p) => p.trigger) as unknown as Json[]],
      ['node', (app.processes ?? []).flatMap((p) => p.nodes) as unknown as Json[]],
      ['view', (app.views ?? []) as unknown as Json[]],
      ['form', (app.forms ?? []) as unknown as Json[]],
      ['condition', conditions],
      ['AndCondition', conditions],
      ['OrCondition', conditions],
      ['NotCondition', conditions],
      ['FieldCondition', conditions],
    ];

    // ACT
    const differing = parts.flatMap(([kind, values]) => {
      const ours = precompiled[kind] as ValidateFunction;
      const ajvs = compiled(kind);
      const inputs = values.flatMap((value) => [value, ...brokenCopies(value, 5)]);
      return inputs.filter((input) => JSON.stringify(verdict(ours, input)) !== JSON.stringify(verdict(ajvs, input))).map((input) => `${kind}: ${JSON.stringify(input).slice(0, 120)}`);
    });

    // ASSERT
    expect(parts.every(([, values]) => values.length > 0)).toBe(true);
    expect(differing).toEqual([]);
  });

  it('for the condition alone are what the generator writes today, and judge every condition of the app and broken copies as the compiled do', () => {
    // ARRANGE
    const onDisk = fs.readFileSync(path.join(generatedDir, 'condition.validators.ts'), 'utf8');
    const conditions = conditionsOf(fullApp());
    const kinds = Object.keys(CONDITION_REFS) as Array<keyof typeof CONDITION_REFS>;

    // ACT
    const generated = generateConditionValidators();
    const differing = kinds.flatMap((kind) => {
      const ours = conditionOnly[kind] as ValidateFunction;
      const ajvs = compiled(kind);
      const inputs = conditions.flatMap((value) => [value, ...brokenCopies(value, 2)]);
      return inputs.filter((input) => JSON.stringify(verdict(ours, input)) !== JSON.stringify(verdict(ajvs, input))).map((input) => `${kind}: ${JSON.stringify(input).slice(0, 120)}`);
    });

    // ASSERT
    expect(generated === onDisk).toBe(true);
    expect(Object.keys(conditionOnly).sort()).toEqual([...kinds].sort());
    expect(onDisk.length).toBeLessThan(100_000);
    expect(conditions.length).toBeGreaterThan(3);
    expect(differing).toEqual([]);
  });
});
