import { describe, expect, it } from 'vitest';
import type { App, Role } from '@crm/schemas';
import { entityAsRole, fieldAsRole, formAsRole, listAsRole, roleForPreview } from './role-preview.mapping.js';

const app: App = {
  name: 'crm',
  entities: [
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      fields: [
        { name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } },
        { name: 'amount', type: 'money' },
        { name: 'margin', type: 'percent' },
        { name: 'profit', type: 'formula', expression: 'amount * margin / 100', resultType: 'number' },
        { name: 'total', type: 'formula', expression: 'amount * 2', resultType: 'number' },
      ],
    },
    { name: 'company', label: { ru: 'Компания', en: 'Company' }, fields: [{ name: 'name', type: 'text' }] },
  ],
  roles: [
    {
      name: 'rep',
      entities: { deal: { create: 'own', read: 'own', update: 'own' }, company: { read: 'all' } },
      fields: { deal: { margin: 'hidden', amount: 'read' }, company: { name: 'write' } },
    },
    { name: 'auditor', sharing: [{ name: 'big', entity: 'deal', access: ['read'], condition: { field: 'amount', op: 'gt', value: 1 } }] },
  ],
  forms: [
    {
      name: 'deal_form',
      entity: 'deal',
      sections: [
        { label: { ru: 'Основное', en: 'Main' }, columns: 2, fields: [{ field: 'title', span: 2 }, { field: 'amount' }, { field: 'margin' }] },
        { columns: 1, fields: [{ field: 'total', visibleWhen: { field: 'amount', op: 'gt', value: 0 } }, { field: 'owner', readOnly: true }] },
      ],
    },
  ],
};

const role = (name: string): Role => {
  const found = roleForPreview(app, name);
  if (!found) throw new Error(name);
  return found;
};

describe('field access as a role, from the draft', () => {
  it('a grant narrows, the entity caps, formulas follow their inputs, system fields are read-only', () => {
    const rep = role('rep');
    expect(fieldAsRole(app, rep, 'deal', 'title')).toMatchObject({ access: 'write', reason: 'default', label: { ru: 'Название', en: 'Title' } });
    expect(fieldAsRole(app, rep, 'deal', 'amount')).toMatchObject({ access: 'read', reason: 'grant' });
    expect(fieldAsRole(app, rep, 'deal', 'margin')).toMatchObject({ access: 'hidden', reason: 'grant' });
    expect(fieldAsRole(app, rep, 'deal', 'profit')).toMatchObject({ access: 'hidden', reason: 'formula-input-hidden' });
    expect(fieldAsRole(app, rep, 'deal', 'total')).toMatchObject({ access: 'read', reason: 'computed' });
    expect(fieldAsRole(app, rep, 'deal', 'created_at')).toMatchObject({ access: 'read', reason: 'system' });
    expect(fieldAsRole(app, rep, 'deal', 'owner')).toMatchObject({ access: 'read', reason: 'owner' });
    // Company is readable only: a write grant cannot lift it.
    expect(fieldAsRole(app, rep, 'company', 'name')).toMatchObject({ access: 'read', reason: 'grant-capped' });
  });

  it('no scope and no rule hides everything; a sharing rule alone makes fields readable', () => {
    expect(fieldAsRole(app, { name: 'nobody' }, 'deal', 'title')).toMatchObject({ access: 'hidden', reason: 'no-read' });
    expect(entityAsRole(role('auditor'), 'deal')).toMatchObject({ reads: true, writes: false, scopes: { read: 'none' } });
    expect(fieldAsRole(app, role('auditor'), 'deal', 'title')).toMatchObject({ access: 'read', reason: 'read-only-entity' });
  });

  it('the built-in admin sees and changes everything', () => {
    const admin = role('admin');
    expect(admin.admin).toBe(true);
    expect(fieldAsRole(app, admin, 'deal', 'margin')).toMatchObject({ access: 'write', reason: 'admin' });
    expect(roleForPreview(app, 'ghost')).toBeNull();
  });
});

describe('lists and forms as a role', () => {
  it('a list shows the visible columns and says which are hidden', () => {
    const preview = listAsRole(app, role('rep'), { entity: 'deal', columns: ['title', 'margin', 'amount'] });
    expect(preview.columns.map((c) => [c.field, c.access])).toEqual([
      ['title', 'write'],
      ['amount', 'read'],
    ]);
    expect(preview.hidden.map((c) => c.field)).toEqual(['margin']);
  });

  it('a form drops hidden fields, greys read-only ones and keeps its layout', () => {
    const form = app.forms?.[0] ?? null;
    const preview = formAsRole(app, role('rep'), form, 'deal');
    expect(preview.sections.map((s) => s.items.map((i) => `${i.field}:${i.access}`))).toEqual([['title:write', 'amount:read'], ['total:read', 'owner:read']]);
    expect(preview.sections[0]?.items[0]?.span).toBe(2);
    expect(preview.sections[1]?.items[0]?.hasVisibleRule).toBe(true);
    expect(preview.sections[1]?.items[1]?.formReadOnly).toBe(true);
    expect(preview.hidden.map((h) => h.field)).toEqual(['margin']);
  });

  it('without a form, every field in one section', () => {
    const preview = formAsRole(app, role('rep'), null, 'company');
    expect(preview.sections).toHaveLength(1);
    expect(preview.sections[0]?.items.map((i) => i.field)).toEqual(['name']);
  });
});
