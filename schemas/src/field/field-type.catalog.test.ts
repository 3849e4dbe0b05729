import { describe, expect, it } from 'vitest';
import fieldSchema from '../../json/field.schema.json' with { type: 'json' };
import type { App, ConditionOperator, Field } from '../../generated/definition.types.js';
import { checkCondition } from '../condition/condition.check.js';
import { fieldInfo } from '../condition/condition.fields.js';
import { OPERATORS } from '../condition/condition.operators.js';
import { buildCatalog } from '../definition/definition.catalog.js';
import { validateApp } from '../validation/app.validator.js';
import { FIELD_TYPES, FIELD_TYPE_NAMES } from './field-type.catalog.js';
import { fieldFamily, fieldOperators, fieldSqlType } from './field-type.rules.js';

/*
 * The catalog is only worth something while it agrees with the code that acts on field types: the
 * schema (which types and options exist), the condition language (families and operators) and the
 * validators (what the builder may offer). Column types are checked against what publishing
 * creates by runtime/src/storage/column-type.mapping.integration.test.ts.
 */

/** One valid field of each type, named f_<type>; keyed by the union so a new type must be added here. */
const SAMPLES: Readonly<Record<Field['type'], Field>> = {
  text: { name: 'f_text', type: 'text' },
  longtext: { name: 'f_longtext', type: 'longtext' },
  integer: { name: 'f_integer', type: 'integer' },
  number: { name: 'f_number', type: 'number' },
  money: { name: 'f_money', type: 'money' },
  percent: { name: 'f_percent', type: 'percent' },
  boolean: { name: 'f_boolean', type: 'boolean' },
  date: { name: 'f_date', type: 'date' },
  datetime: { name: 'f_datetime', type: 'datetime' },
  email: { name: 'f_email', type: 'email' },
  phone: { name: 'f_phone', type: 'phone' },
  url: { name: 'f_url', type: 'url' },
  enum: { name: 'f_enum', type: 'enum', options: [{ value: 'a' }, { value: 'b' }] },
  multienum: { name: 'f_multienum', type: 'multienum', options: [{ value: 'a' }, { value: 'b' }] },
  relation: { name: 'f_relation', type: 'relation', target: 'other' },
  user: { name: 'f_user', type: 'user' },
  formula: { name: 'f_formula', type: 'formula', expression: 'f_integer * 2' },
  file: { name: 'f_file', type: 'file' },
};

/** Variants whose family or column depends on an option of the field. */
const VARIANTS: readonly Field[] = [
  ...Object.values(SAMPLES),
  { name: 'v_formula_text', type: 'formula', expression: 'f_text', resultType: 'text' },
  { name: 'v_formula_boolean', type: 'formula', expression: 'f_boolean', resultType: 'boolean' },
  { name: 'v_formula_date', type: 'formula', expression: 'f_date', resultType: 'date' },
  { name: 'v_many', type: 'relation', target: 'other', cardinality: 'one-to-many', inverse: 'back' },
  { name: 'v_links', type: 'relation', target: 'other', cardinality: 'many-to-many' },
];

function probeApp(fields: readonly Field[], entity: { display?: string; search?: string[] } = {}): App {
  return {
    name: 'probe_app',
    entities: [
      { name: 'probe', label: { ru: 'Проба', en: 'Probe' }, fields: [...fields], ...entity },
      { name: 'other', label: { ru: 'Другая', en: 'Other' }, fields: [{ name: 'back', type: 'relation', target: 'probe' }] },
    ],
  };
}

/** The sample fields with the one of `type` replaced. */
function withSample(type: Field['type'], change: Partial<Pick<Field, 'unique' | 'indexed' | 'required'>>): Field[] {
  return Object.values(SAMPLES).map((field) => (field.type === type ? { ...field, ...change } : field));
}

function issuesOf(app: App): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => `${i.code} ${i.pointer} ${i.message.en}`);
}

const COMMON_KEYS = ['id', 'name', 'label', 'description', 'required', 'unique', 'indexed', 'readOnly', 'type', 'default'];

describe('the field-type catalog lists', () => {
  it('every type of field.schema.json, in its order', () => {
    expect(FIELD_TYPE_NAMES).toEqual(fieldSchema.$defs.FieldType.enum);
    expect(Object.keys(SAMPLES)).toEqual([...FIELD_TYPE_NAMES]);
  });

  it('for each type exactly the options its definition takes, each with ru and en labels', () => {
    for (const type of FIELD_TYPE_NAMES) {
      const title = `${type.charAt(0).toUpperCase()}${type.slice(1)}Field`;
      const definition = Object.entries(fieldSchema.$defs).find(([name]) => name === title)?.[1];
      const properties = definition && 'properties' in definition ? Object.keys(definition.properties) : [];
      const options = properties.filter((key) => !COMMON_KEYS.includes(key));
      expect({ type, options: Object.keys(FIELD_TYPES[type].options).sort() }).toEqual({ type, options: options.sort() });
      for (const hint of Object.values(FIELD_TYPES[type].options)) {
        expect(hint['x-label'].ru.length * hint['x-label'].en.length).toBeGreaterThan(0);
      }
      expect(FIELD_TYPES[type].capabilities.defaultable).toBe(properties.includes('default'));
    }
  });

  it('a label and a description in both languages, and a widget of its own, for each type', () => {
    const widgets = FIELD_TYPE_NAMES.map((type) => FIELD_TYPES[type].widget);
    expect(new Set(widgets).size).toBe(FIELD_TYPE_NAMES.length);
    for (const type of FIELD_TYPE_NAMES) {
      const { label, description } = FIELD_TYPES[type];
      expect([label.ru, label.en, description.ru, description.en].every((t) => t.trim().length > 0)).toBe(true);
    }
  });
});

describe('the catalog agrees with the condition language', () => {
  const app = probeApp(VARIANTS);
  const catalog = buildCatalog(app);

  it.each(VARIANTS.map((field) => [field.name, field] as const))('on the family and column type of %s', (name, field) => {
    const info = fieldInfo(catalog, 'probe', name);
    expect(info?.family).toBe(fieldFamily(field));
    // The condition compiler casts to the base type: money's numeric(18,2) compares as numeric.
    const sqlType = fieldSqlType(field);
    if (sqlType !== null) expect(info?.sqlType).toBe(sqlType.replace(/\(.*\)$/, ''));
  });

  it("on each type's default family", () => {
    for (const type of FIELD_TYPE_NAMES) expect({ type, family: FIELD_TYPES[type].family }).toEqual({ type, family: fieldFamily(SAMPLES[type]) });
  });

  /** Whatever else the checker says about the value, it refuses the operator only when the catalog does. */
  function refusesOperator(field: string, op: ConditionOperator): boolean {
    const value = op === 'between' ? [null, null] : op === 'in' || op === 'nin' ? [] : 'x';
    const issues = checkCondition({ field, op, value }, { app, entity: 'probe', allowTriggerOps: true });
    return issues.some((issue) => issue.code === 'operator-not-allowed');
  }

  it.each(VARIANTS.filter((f) => fieldInfo(catalog, 'probe', f.name)?.comparable).map((f) => [f.name, f] as const))(
    'on the operators allowed on %s',
    (name, field) => {
      const allowed = OPERATORS.filter((op) => !refusesOperator(name, op));
      expect(allowed).toEqual(OPERATORS.filter((op) => fieldOperators(field).includes(op)));
      if (field.type !== 'formula') expect(FIELD_TYPES[field.type].operators).toEqual(fieldOperators(field));
    },
  );
});

describe('what the catalog offers, the validator accepts', () => {
  it('the samples themselves', () => {
    expect(issuesOf(probeApp(Object.values(SAMPLES)))).toEqual([]);
  });

  it.each(FIELD_TYPE_NAMES.map((type) => [type]))('unique, indexed and required on %s', (type) => {
    const { unique, indexed, required } = FIELD_TYPES[type].capabilities;
    if (unique) expect(issuesOf(probeApp(withSample(type, { unique: true })))).toEqual([]);
    if (indexed) expect(issuesOf(probeApp(withSample(type, { indexed: true })))).toEqual([]);
    if (required) expect(issuesOf(probeApp(withSample(type, { required: true })))).toEqual([]);
  });

  it.each(FIELD_TYPE_NAMES.map((type) => [type]))('%s as the display field', (type) => {
    if (FIELD_TYPES[type].capabilities.display) expect(issuesOf(probeApp(Object.values(SAMPLES), { display: `f_${type}` }))).toEqual([]);
  });

  it.each(FIELD_TYPE_NAMES.map((type) => [type]))('%s in search exactly when the catalog offers it', (type) => {
    const issues = issuesOf(probeApp(Object.values(SAMPLES), { search: [`f_${type}`] }));
    if (FIELD_TYPES[type].capabilities.search) expect(issues).toEqual([]);
    else expect(issues.some((issue) => issue.startsWith('WRONG_FIELD_TYPE /entities/0/search/0'))).toBe(true);
  });
});
