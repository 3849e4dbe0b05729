import { describe, expect, it } from 'vitest';
import { conditionApp, conditionProcess } from './condition-app.fixture.js';
import { entityInContext, nameOptions } from './schema-form-options.mapping.js';

/* The choices of members that name something of the app. */

const app = { ...conditionApp, roles: [{ name: 'sales_head', label: { ru: 'Руководитель продаж', en: 'Head of sales' } }], processes: [conditionProcess, { ...conditionProcess, name: 'other' }] };

describe('nameOptions', () => {
  it('lists entities, roles and the other processes with their labels', () => {
    expect(nameOptions('entity', { app, siblings: {} })?.map((o) => o.value)).toEqual(['company', 'deal']);
    expect(nameOptions('role', { app, siblings: {} })).toEqual([{ value: 'sales_head', label: { ru: 'Руководитель продаж', en: 'Head of sales' } }]);
    expect(nameOptions('process', { app, process: conditionProcess, siblings: {} })?.map((o) => o.value)).toEqual(['other']);
  });

  it('offers the pipelines of the sibling entity and the stages of the sibling pipeline', () => {
    expect(nameOptions('pipeline', { app, siblings: { entity: 'deal' } })?.map((o) => o.value)).toEqual(['sales']);
    expect(nameOptions('pipeline', { app, siblings: { entity: 'company' } })).toEqual([]);
    expect(nameOptions('stage', { app, siblings: { pipeline: 'sales' } })?.map((o) => o.label.ru)).toEqual(['Новая', 'Переговоры', 'Выиграна']);
  });

  it('offers fields of the process record by kind: dates, people, to-many relations, any field', () => {
    const ctx = { app, process: conditionProcess, siblings: {} };
    expect(entityInContext(ctx)).toBe('deal');
    expect(nameOptions('date-field', ctx)?.map((o) => o.value)).toEqual(['close_date']);
    expect(nameOptions('user-field', ctx)?.map((o) => o.value)).toEqual(['owner', 'manager']);
    expect(nameOptions('relation', ctx)).toEqual([]);
    // Any field: an end node points a refused save at one.
    expect(nameOptions('field', ctx)?.map((o) => o.value)).toEqual(['title', 'amount', 'stage', 'close_date', 'hot', 'manager', 'priority', 'company']);
    expect(nameOptions('text', ctx)).toBeUndefined();
  });
});
