import { describe, expect, it } from 'vitest';
import { dealFormApp } from './form-rules.fixture.js';
import { formLayout, layoutItems } from './form-rules.mapping.js';

const repAccess = { fields: { title: 'write', amount: 'write', discount: 'read', stage: 'write', company: 'write', email: 'write', lost_reason: 'write', weighted: 'read' } as const, canUpdate: true };

describe('formLayout', () => {
  it('follows the form\u2019s sections, columns, order and spans', () => {
    const sections = formLayout(dealFormApp(), 'deal', repAccess, 'update');
    expect(sections.map((s) => [s.label?.en, s.columns])).toEqual([['Main', 2], ['Details', 1]]);
    expect(sections[0]?.items.map((i) => i.field.name)).toEqual(['title', 'amount', 'discount', 'stage', 'company', 'email', 'weighted']);
    expect(sections[0]?.items[0]?.span).toBe(2);
  });

  it('makes fields the role may only read, and formulas, read-only; leaves them out on create', () => {
    const update = layoutItems(formLayout(dealFormApp(), 'deal', repAccess, 'update'));
    expect(update.filter((i) => i.readOnly).map((i) => i.field.name)).toEqual(['discount', 'weighted']);
    const create = layoutItems(formLayout(dealFormApp(), 'deal', repAccess, 'create'));
    expect(create.map((i) => i.field.name)).not.toContain('discount');
    expect(create.map((i) => i.field.name)).not.toContain('weighted');
  });

  it('leaves out fields the person cannot read (absent from their definition)', () => {
    const app = dealFormApp();
    const deal = app.entities[1];
    if (deal) deal.fields = deal.fields.filter((f) => f.name !== 'email');
    expect(layoutItems(formLayout(app, 'deal', repAccess, 'update')).map((i) => i.field.name)).not.toContain('email');
  });

  it('does not require the stage on create (the record starts at the first stage)', () => {
    const app = dealFormApp();
    const stage = app.entities[1]?.fields.find((f) => f.name === 'stage');
    if (stage) stage.required = true;
    const items = layoutItems(formLayout(app, 'deal', undefined, 'create'));
    expect(items.find((i) => i.field.name === 'stage')?.required).toBe(false);
    expect(items.find((i) => i.field.name === 'title')?.required).toBe(true);
  });

  it('lists every field (one-to-many excepted) in two columns when the entity has no form', () => {
    const app = dealFormApp();
    app.forms = [];
    const sections = formLayout(app, 'company', undefined, 'create');
    expect(sections).toHaveLength(1);
    expect(sections[0]?.columns).toBe(2);
    expect(sections[0]?.items.map((i) => i.field.name)).toEqual(['name']);
  });
});
