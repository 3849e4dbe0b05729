import { describe, expect, it } from 'vitest';
import { describeMember, describeSchema, humanise, isShown, nodeConfigSchema, processDefinition, resolveSchema, PROCESS_SCHEMA_ID } from './schema-form.mapping.js';
import { NODE_TYPES } from '@crm/schemas';

/* A node's config schema read as the fields of its property panel. */

function fieldsOf(configTitle: string) {
  const schema = nodeConfigSchema(configTitle);
  if (!schema) throw new Error(`no config schema for ${configTitle}`);
  return describeSchema(schema);
}

describe('describeSchema', () => {
  it("lists an approval's members in x-order with ru/en labels, widgets, required and defaults", () => {
    const fields = fieldsOf('ApprovalNode');
    expect(fields.map((f) => f.key)).toEqual(['title', 'approvers', 'mode', 'timeout', 'escalateTo', 'escalation']);
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(byKey['timeout']).toMatchObject({ label: { ru: 'Срок ответа', en: 'Time to respond' }, widget: 'duration', required: false });
    expect(byKey['approvers']).toMatchObject({ label: { ru: 'Согласующие' }, widget: 'user-value', required: true, multiple: true });
    expect(byKey['escalateTo']).toMatchObject({ label: { ru: 'Кому эскалировать' }, widget: 'user-value', multiple: false });
    expect(byKey['mode']?.default).toBe('one');
    expect(byKey['mode']?.widget).toBe('enum');
    expect(byKey['mode']?.options.map((o) => o.value)).toEqual(['one', 'any', 'all']);
    expect(byKey['mode']?.options[2]?.label.ru).toBe('Всех согласующих');
    expect(byKey['escalation']?.widget).toBe('object');
    expect(byKey['escalateTo']?.options.map((o) => o.value)).toEqual(['owner-manager', 'approver-manager']);
  });

  it('resolves $refs across files and keeps the referring member’s hints over the target’s', () => {
    const [entity] = fieldsOf('CreateRecordNode');
    expect(entity).toMatchObject({ key: 'entity', widget: 'entity', required: true });
    expect(entity?.resolved.schema['pattern']).toBe('^[a-z][a-z0-9_]{0,62}$');
    expect(entity?.resolved.base).toBe('https://crm-builder.dev/schemas/common.schema.json');
    const duration = resolveSchema({ $ref: '#/$defs/Duration', 'x-label': { en: 'Own' } });
    expect(duration.schema['x-label']).toEqual({ en: 'Own' });
    expect(duration.schema['x-widget']).toBe('duration');
  });

  it('gives condition members the condition editor and scripts the code input', () => {
    expect(fieldsOf('ConditionNode')[0]?.widget).toBe('condition');
    expect(fieldsOf('ScriptNode').find((f) => f.key === 'source')?.widget).toBe('code');
    expect(fieldsOf('UpdateRecordNode').find((f) => f.key === 'values')?.widget).toBe('field-values');
    expect(fieldsOf('AssignNode').find((f) => f.key === 'role')?.widget).toBe('role');
    expect(fieldsOf('CallProcessNode')[0]).toMatchObject({ key: 'process', widget: 'process' });
  });

  it('draws a list of objects as rows and numbers with their bounds', () => {
    const cases = fieldsOf('SwitchNode')[0];
    expect(cases).toMatchObject({ key: 'cases', widget: 'list', required: true });
    const limit = fieldsOf('LoopNode').find((f) => f.key === 'limit');
    expect(limit).toMatchObject({ widget: 'number', minimum: 1, maximum: 10000, integer: true, default: 1000 });
  });

  it('gives every member of every node config a ru and en label of its own (none humanised)', () => {
    for (const info of Object.values(NODE_TYPES)) {
      const schema = nodeConfigSchema(info.configTitle);
      for (const field of schema ? describeSchema(schema) : []) {
        expect(field.label.ru, `${info.configTitle}.${field.key}`).not.toBe(humanise(field.key));
        expect(field.label.en.length, `${info.configTitle}.${field.key}`).toBeGreaterThan(0);
        expect(field.order, `${info.configTitle}.${field.key}`).toBeLessThan(1000);
      }
    }
  });

  it('shows an assignment’s role only for role strategies and its person only for "user", unless already set', () => {
    const fields = fieldsOf('AssignNode');
    const shown = (value: unknown) => fields.filter((f) => isShown(f, value, fields)).map((f) => f.key);
    expect(shown({ strategy: 'user' })).toEqual(['strategy', 'user', 'field', 'retry']);
    expect(shown({ strategy: 'role-least-loaded' })).toEqual(['strategy', 'role', 'loadCondition', 'field', 'retry']);
    expect(shown({ strategy: 'owner-manager', role: 'sales_head' })).toEqual(['strategy', 'role', 'field', 'retry']);
  });

  it('skips const members (a trigger’s type) and infers widgets for members without hints', () => {
    const trigger = processDefinition('RecordTrigger');
    const fields = trigger ? describeSchema(trigger) : [];
    expect(fields.map((f) => f.key)).toEqual(['entity', 'on', 'condition']);
    expect(fields[1]).toMatchObject({ widget: 'multi-enum' });
    const bare = describeMember('timeoutMs', { type: 'integer' }, PROCESS_SCHEMA_ID, false, 3);
    expect(bare).toMatchObject({ label: { ru: 'Timeout ms', en: 'Timeout ms' }, widget: 'number', order: 1003 });
    expect(describeMember('payload', {}, PROCESS_SCHEMA_ID, false, 0).widget).toBe('value');
    expect(describeMember('headers', { type: 'object', additionalProperties: { type: 'string' } }, PROCESS_SCHEMA_ID, false, 0).widget).toBe('json');
  });
});
