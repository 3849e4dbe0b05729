import { describe, expect, it } from 'vitest';
import { entityNamed, fullApp, mainProcess } from '../testing/full-app.fixture.js';
import { checkShape, validateAppShape, validateConditionShape, validateFieldShape, validateNodeShape } from './shape.validators.js';

function issuesOf(kind: Parameters<typeof checkShape>[0], input: unknown) {
  const result = checkShape(kind, input);
  if (result.ok) throw new Error(`expected ${kind} shape issues, got none`);
  return result.issues;
}

describe('shape validation', () => {
  it('accepts the app that uses every field, trigger and node type', () => {
    // ARRANGE
    const app = fullApp();

    // ACT
    const result = checkShape('app', app);

    // ASSERT
    expect(result).toEqual({ ok: true, value: app });
    expect(validateAppShape(app)).toBe(true);
  });

  it('names an unknown field type and lists the types expected', () => {
    // ARRANGE
    const app: unknown = { name: 'crm', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'amount', type: 'moneyy' }] }] };

    // ACT
    const issues = issuesOf('app', app);

    // ASSERT
    expect(issues).toEqual([
      {
        code: 'UNKNOWN_TYPE',
        pointer: '/entities/0/fields/0',
        message: {
          en: expect.stringContaining('Field "amount" of entity "deal": unknown field type "moneyy"; expected one of text, longtext, integer'),
          ru: expect.stringContaining('Поле «amount» сущности «deal»: неизвестный тип поля «moneyy»; допустимы: text, longtext'),
        },
      },
    ]);
  });

  it('names an unknown node type and an unknown trigger type', () => {
    // ARRANGE
    const app = fullApp();
    const input: unknown = JSON.parse(JSON.stringify(app).replace('"type":"assign"', '"type":"asign"').replace('"type":"schedule"', '"type":"cron"'));

    // ACT
    const issues = issuesOf('app', input);

    // ASSERT
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([
      ['UNKNOWN_TYPE', '/processes/0/nodes/2'],
      ['UNKNOWN_TYPE', '/processes/4/trigger'],
    ]);
    expect(issues[0]?.message.en).toMatch(/^Node "assign" of process "big_deal": unknown node type "asign"; expected one of condition, switch, assign/);
    expect(issues[1]?.message.ru).toMatch(/^Триггер процесса «nightly»: неизвестный тип триггера «cron»; допустимы: record, stage, schedule/);
  });

  it('points at an unknown property and says which are allowed', () => {
    // ARRANGE
    const app = fullApp();
    const input: unknown = { ...app, entities: [{ ...entityNamed(app, 'company'), colour: 'red' }] };

    // ACT
    const issues = issuesOf('app', input);

    // ASSERT
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'UNKNOWN_PROPERTY', pointer: '/entities/0/colour' });
    expect(issues[0]?.message.en).toMatch(/^Entity "company": unknown property "colour"; allowed: id, name, label/);
    expect(issues[0]?.message.ru).toMatch(/^Сущность «company»: неизвестное свойство «colour»; допустимы: id, name/);
  });

  it('explains a bad machine name and a missing required property', () => {
    // ARRANGE
    const input: unknown = { name: 'crm', entities: [{ name: 'Deal Stage', label: { en: 'x' }, fields: [{ type: 'text' }] }] };

    // ACT
    const issues = issuesOf('app', input);

    // ASSERT
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([
      ['INVALID_NAME', '/entities/0/name'],
      ['MISSING_PROPERTY', '/entities/0/fields/0'],
    ]);
    expect(issues[0]?.message.en).toContain('"Deal Stage" is not a valid name: use lower-case Latin letters');
    expect(issues[1]?.message).toEqual({
      ru: 'Поле №1 сущности «Deal Stage»: не указано обязательное свойство «name»',
      en: 'Field #1 of entity "Deal Stage": the required property "name" is missing',
    });
  });

  it('reports one branch of a malformed condition, not every branch of the union', () => {
    // ARRANGE
    const app = fullApp();
    const view = app.views?.[0];
    if (!view) throw new Error('fixture has views');
    const input: unknown = { ...app, views: [{ ...view, filter: { and: [{ field: 'amount', op: 'greater', value: 1 }, {}] } }] };

    // ACT
    const issues = issuesOf('app', input);

    // ASSERT
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([
      ['INVALID_VALUE', '/views/0/filter/and/0/op'],
      ['INVALID_CONDITION', '/views/0/filter/and/1'],
    ]);
    expect(issues[0]?.message.en).toBe(
      'View "open_deals", "filter.and.0.op": "greater" is not allowed; expected one of eq, ne, gt, gte, lt, lte, in, nin, contains, startsWith, between, isEmpty, isNotEmpty, changed, changedTo',
    );
    expect(issues[1]?.message.ru).toContain('условие должно иметь вид');
  });

  it('explains a bad duration in a node config with the node named', () => {
    // ARRANGE
    const app = fullApp();
    const wait = mainProcess(app).nodes.find((n) => n.id === 'cool_down');
    if (wait?.type !== 'wait') throw new Error('fixture has a wait node');
    wait.config.duration = '3 days';

    // ACT
    const issues = issuesOf('app', app);

    // ASSERT
    expect(issues).toEqual([
      {
        code: 'INVALID_DURATION',
        pointer: '/processes/0/nodes/14/config/duration',
        process: 'big_deal',
        nodeId: 'cool_down',
        message: {
          ru: 'Узел «cool_down» процесса «big_deal», «config.duration»: «3 days» — не длительность ISO 8601 (например, PT15M, P3D, -P1D)',
          en: 'Node "cool_down" of process "big_deal", "config.duration": "3 days" is not an ISO 8601 duration (such as PT15M, P3D, -P1D)',
        },
      },
    ]);
  });

  it('validates parts on their own: a field, a node, a condition', () => {
    // ACT / ASSERT
    expect(validateFieldShape({ name: 'amount', type: 'money' })).toBe(true);
    expect(validateFieldShape({ name: 'amount', type: 'money', options: [] })).toBe(false);
    expect(validateNodeShape({ id: 'n1', type: 'end' })).toBe(true);
    expect(validateConditionShape({ or: [{ field: 'company.city', op: 'eq', value: 'Москва' }] })).toBe(true);
    expect(issuesOf('node', { id: 'n1', type: 'condition' })).toEqual([
      { code: 'MISSING_PROPERTY', pointer: '', message: { ru: 'Не указано обязательное свойство «config»', en: 'The required property "config" is missing' } },
    ]);
  });

  it('says what the whole document should be when it is not an object', () => {
    // ACT
    const issues = issuesOf('app', 'not an app');

    // ASSERT
    expect(issues).toEqual([{ code: 'INVALID_TYPE', pointer: '', message: { ru: 'Значение должно быть объектом', en: 'The value must be an object' } }]);
  });
});
