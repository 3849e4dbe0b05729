import { describe, expect, it } from 'vitest';
import type { StartInput } from '../../generated/definition.types.js';
import { buildCatalog } from '../definition/definition.catalog.js';
import { withStartForm } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';
import { startInputField, startInputPayloadSchema, startInputValidator } from './start-input.rules.js';
import { triggerPayloadSchema } from './trigger-payload.catalog.js';

/*
 * A manual trigger's start form: its questions are checked when the definition is, its answers like
 * record fields of their types, and the run's trigger.input is typed by it.
 */

const FORM: StartInput[] = [
  { name: 'reason', type: 'longtext', label: { ru: 'Причина', en: 'Reason' }, required: true },
  { name: 'discount', type: 'percent' },
  { name: 'callback', type: 'phone' },
  { name: 'channel', type: 'enum', options: [{ value: 'call' }, { value: 'email' }] },
  { name: 'company', type: 'relation', target: 'company' },
  { name: 'budget', type: 'money', currency: 'USD' },
];

describe('start form questions in the definition', () => {
  it('accepts a form whose questions are well formed', () => {
    expect(validateApp(withStartForm(FORM).app).ok).toBe(true);
  });

  it('points at each ill-formed question', () => {
    const { app, index } = withStartForm([
      { name: 'a', type: 'text' },
      { name: 'a', type: 'date', options: [{ value: 'x' }] },
      { name: 'b', type: 'enum' },
      { name: 'c', type: 'multienum', options: [{ value: 'x' }, { value: 'x' }] },
      { name: 'd', type: 'relation' },
      { name: 'e', type: 'relation', target: 'planet' },
      { name: 'f', type: 'text', currency: 'EUR', target: 'company' },
    ]);
    const result = validateApp(app);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const at = `/processes/${index}/trigger/inputs`;
    expect(result.issues.map((i) => [i.code, i.pointer])).toEqual([
      ['DUPLICATE_NAME', `${at}/1/name`],
      ['START_INPUT_UNUSED_PROPERTY', `${at}/1/options`],
      ['START_INPUT_WITHOUT_OPTIONS', `${at}/2/options`],
      ['DUPLICATE_OPTION', `${at}/3/options/1/value`],
      ['START_INPUT_WITHOUT_TARGET', `${at}/4/target`],
      ['UNKNOWN_ENTITY', `${at}/5/target`],
      ['START_INPUT_UNUSED_PROPERTY', `${at}/6/target`],
      ['START_INPUT_UNUSED_PROPERTY', `${at}/6/currency`],
    ]);
    expect(result.issues[0]?.message.ru).toContain('спрашивает «a» дважды');
  });

  it('refuses a question of a type a form cannot ask (a file, a formula)', () => {
    const { app, index } = withStartForm([{ name: 'scan', type: 'file' } as unknown as StartInput]);
    const result = validateApp(app);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.some((i) => i.pointer.startsWith(`/processes/${index}/trigger/inputs/0`))).toBe(true);
  });
});

describe('start form answers', () => {
  const { app } = withStartForm(FORM);
  const validate = startInputValidator(app, 'follow_up', FORM);

  it('normalises the answers as record fields are, and gives every question a key', () => {
    const result = validate({ reason: '  Client asked ', callback: '8 (912) 345-67-89', channel: 'call' });
    expect(result).toEqual({
      ok: true,
      value: { reason: '  Client asked ', discount: null, callback: '+79123456789', channel: 'call', company: null, budget: null },
    });
  });

  it('says what is wrong with each answer, by question', () => {
    const result = validate({ reason: '', discount: 'ten', channel: 'fax', company: 'not-an-id', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.fromEntries(result.errors.map((e) => [e.field, e.code]))).toEqual({
      extra: 'UNKNOWN_FIELD',
      reason: 'REQUIRED',
      discount: 'INVALID_TYPE',
      channel: 'INVALID_VALUE',
      company: 'INVALID_VALUE',
    });
  });

  it('takes no answers at all as an empty form (and then misses the required ones)', () => {
    const result = validate(undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'REQUIRED' })]);
  });

  it('draws each question as the field it is answered like', () => {
    expect(startInputField(FORM[4] as StartInput)).toEqual({ name: 'company', type: 'relation', target: 'company', cardinality: 'many-to-one' });
    expect(startInputField(FORM[5] as StartInput)).toEqual({ name: 'budget', type: 'money', currency: 'USD' });
  });
});

describe('trigger.input in a run', () => {
  it('is typed by the form: required answers are not null, the rest may be', () => {
    const { app, index } = withStartForm(FORM);
    const catalog = buildCatalog(app);
    const process = app.processes?.[index];
    if (!process) throw new Error('fixture');
    const payload = triggerPayloadSchema(process.trigger, { app, catalog, entity: 'deal' }) as { properties: Record<string, unknown> };
    const input = payload.properties['input'] as { properties: Record<string, { type: unknown; enum?: unknown }>; required: string[] };
    expect(input).toEqual(startInputPayloadSchema(catalog, FORM));
    expect(input.required).toEqual(FORM.map((f) => f.name));
    expect(input.properties['reason']?.type).toBe('string');
    expect(input.properties['discount']?.type).toEqual(['number', 'null']);
    expect(input.properties['channel']?.enum).toEqual(['call', 'email', null]);
  });

  it('stays untyped without a form', () => {
    const { app, index } = withStartForm([]);
    const process = app.processes?.[index];
    if (!process) throw new Error('fixture');
    const payload = triggerPayloadSchema(process.trigger, { app, catalog: buildCatalog(app), entity: 'deal' }) as { properties: Record<string, unknown> };
    expect(payload.properties['input']).toEqual({});
  });
});
