import type { App } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { entityOf, fieldOf, salesApp } from './app-definition.fixtures.js';
import { assignDefinitionIds, randomStableId, type NewId } from './definition-ids.assigner.js';

function counter(): NewId {
  const next = { ent: 0, fld: 0 };
  return (prefix) => `${prefix}_${++next[prefix]}`;
}

/** The sales app as someone writes it by hand: no ids anywhere. */
function withoutIds(): App {
  const app = salesApp();
  for (const entity of app.entities) {
    delete entity.id;
    for (const field of entity.fields) delete field.id;
  }
  return app;
}

describe('definition ids', () => {
  it('gives every entity and field without an id a new one', () => {
    const app = assignDefinitionIds(withoutIds(), null, counter());
    expect(app.entities.map((e) => e.id)).toEqual(['ent_1', 'ent_2']);
    expect(entityOf(app, 'deal').fields.map((f) => f.id)).toEqual(['fld_3', 'fld_4', 'fld_5', 'fld_6', 'fld_7']);
  });

  it('takes the id of the live entity and field with the same name', () => {
    const app = assignDefinitionIds(withoutIds(), salesApp(), counter());
    expect(app).toEqual(salesApp());
  });

  it('keeps ids the draft already has, so a renamed field keeps its id', () => {
    const draft = salesApp();
    fieldOf(draft, 'deal', 'region').name = 'territory';
    const app = assignDefinitionIds(draft, salesApp(), counter());
    expect(fieldOf(app, 'deal', 'territory').id).toBe('fld_deal_region');
  });

  it('does not hand out a live id that the draft already gives to another field', () => {
    const draft = salesApp();
    // "amount" was renamed to "total" (keeping its id) and a new field took the name "amount".
    fieldOf(draft, 'deal', 'amount').name = 'total';
    entityOf(draft, 'deal').fields.push({ name: 'amount', type: 'money' });
    const app = assignDefinitionIds(draft, salesApp(), counter());
    expect(fieldOf(app, 'deal', 'total').id).toBe('fld_deal_amount');
    expect(fieldOf(app, 'deal', 'amount').id).toBe('fld_1');
  });

  it('does not change the input', () => {
    const draft = withoutIds();
    assignDefinitionIds(draft, null, counter());
    expect(draft).toEqual(withoutIds());
  });

  it('makes short random ids', () => {
    expect(randomStableId('fld')).toMatch(/^fld_[a-z0-9]{8}$/);
    expect(randomStableId('ent')).not.toBe(randomStableId('ent'));
  });
});
