import { describe, expect, it } from 'vitest';
import { validateApp, type App } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import { isAppOutline } from './definition-outline.rules.js';
import {
  addRole,
  addSharingRule,
  fieldGrantOf,
  newRole,
  newSharingRule,
  removeRole,
  removeSharingRule,
  scopeOf,
  setChangeOwner,
  setEntityPreset,
  setFieldAccess,
  setRoleFlag,
  setScope,
  setSharingRule,
  toggleSharingAccess,
} from './role-draft.apply.js';

function issuesOf(app: App): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => `${i.pointer} ${i.code}`);
}

function run(app: App, change: DraftChange): App {
  const applied = applyDraftChange(app, change, isAppOutline);
  // Every edit undoes exactly.
  expect(applyDraftChange(applied.document, applied.inverse, isAppOutline).document).toEqual(app);
  return applied.document;
}

function salesApp(): App {
  return {
    name: 'crm',
    entities: [
      { name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text' }, { name: 'margin', type: 'percent' }] },
      { name: 'company', label: { ru: 'Компания', en: 'Company' }, fields: [{ name: 'name', type: 'text' }] },
    ],
  };
}

function withRep(): App {
  const app = salesApp();
  return run(app, addRole(app, newRole(app, 'Менеджер по продажам', 'own')));
}

describe('role presets', () => {
  it('a new "own records" role reads, creates and updates its own records of every entity and is valid at once', () => {
    const app = withRep();
    const role = app.roles?.[0];
    expect(role?.name).toBe('menedzher_po_prodazham');
    expect(role?.label).toEqual({ ru: 'Менеджер по продажам', en: 'Менеджер по продажам' });
    expect(role?.entities).toEqual({
      deal: { create: 'own', read: 'own', update: 'own', delete: 'none', changeOwner: false },
      company: { create: 'own', read: 'own', update: 'own', delete: 'none', changeOwner: false },
    });
    expect(issuesOf(app)).toEqual([]);
  });

  it('names come from the English label when given, never clash with another role or the built-in admin', () => {
    let app = salesApp();
    app = run(app, addRole(app, newRole(app, 'Руководитель', 'all', 'Admin')));
    app = run(app, addRole(app, newRole(app, 'Руководитель', 'team', 'Admin')));
    expect(app.roles?.map((r) => r.name)).toEqual(['admin_2', 'admin_3']);
    expect(app.roles?.[1]?.entities?.['deal']).toEqual({ create: 'team', read: 'team', update: 'team', delete: 'own', changeOwner: true });
  });
});

describe('powers', () => {
  it('grants and revokes the mailings power (a marketer who is neither admin nor builder), undoably, and the app stays valid', () => {
    let app = withRep();
    app = run(app, setRoleFlag(app, 0, 'mailings', true));
    expect(app.roles?.[0]?.mailings).toBe(true);
    expect(app.roles?.[0]?.admin).toBeUndefined();
    expect(issuesOf(app)).toEqual([]);
    app = run(app, setRoleFlag(app, 0, 'mailings', false));
    expect(app.roles?.[0]).not.toHaveProperty('mailings');
  });
});

describe('the matrix', () => {
  it('sets a scope, creating the entity entry a role did not mention', () => {
    let app = withRep();
    app = run(app, setScope(app, 0, 'deal', 'delete', 'own'));
    expect(scopeOf(app.roles![0]!, 'deal', 'delete')).toBe('own');
    const bare: App = { ...app, roles: [{ name: 'viewer' }] };
    const next = run(bare, setScope(bare, 0, 'company', 'read', 'all'));
    expect(next.roles?.[0]?.entities).toEqual({ company: { read: 'all' } });
    expect(scopeOf(next.roles![0]!, 'deal', 'read')).toBe('none');
  });

  it('sets changeOwner and a whole row from a preset', () => {
    let app = withRep();
    app = run(app, setChangeOwner(app, 0, 'deal', true));
    expect(app.roles?.[0]?.entities?.['deal']?.changeOwner).toBe(true);
    app = run(app, setEntityPreset(app, 0, 'company', 'all'));
    expect(app.roles?.[0]?.entities?.['company']).toEqual({ create: 'all', read: 'all', update: 'all', delete: 'all', changeOwner: true });
  });

  it('field access is stated and taken back without leaving empty objects', () => {
    let app = withRep();
    app = run(app, setFieldAccess(app, 0, 'deal', 'margin', 'hidden'));
    expect(fieldGrantOf(app.roles![0]!, 'deal', 'margin')).toBe('hidden');
    app = run(app, setFieldAccess(app, 0, 'deal', 'title', 'read'));
    app = run(app, setFieldAccess(app, 0, 'deal', 'title', null));
    expect(app.roles?.[0]?.fields).toEqual({ deal: { margin: 'hidden' } });
    app = run(app, setFieldAccess(app, 0, 'deal', 'margin', null));
    expect(app.roles?.[0]).not.toHaveProperty('fields');
    expect(setFieldAccess(app, 0, 'deal', 'margin', null).patches).toEqual([]);
    expect(issuesOf(app)).toEqual([]);
  });

  it('deleting a role takes it out of the views shown only to it', () => {
    let app = withRep();
    app = { ...app, views: [{ name: 'mine', entity: 'deal', roles: ['menedzher_po_prodazham'] }] };
    app = run(app, removeRole(app, 0));
    expect(app.roles).toEqual([]);
    expect(app.views?.[0]).not.toHaveProperty('roles');
  });
});

describe('sharing rules', () => {
  it('adds, edits, toggles access and removes a rule; the draft stays valid', () => {
    let app = withRep();
    app = run(app, addSharingRule(app, 0, newSharingRule(app, app.roles![0]!, 'deal')));
    expect(app.roles?.[0]?.sharing?.[0]).toMatchObject({ name: 'deal_rule', entity: 'deal', access: ['read'], condition: { field: 'title', op: 'isNotEmpty' } });
    expect(validateApp(app).ok).toBe(true);
    app = run(app, setSharingRule(app, 0, 0, { condition: { field: 'margin', op: 'gt', value: 10 } }));
    app = run(app, toggleSharingAccess(app, 0, 0, 'update', true));
    expect(app.roles?.[0]?.sharing?.[0]?.access).toEqual(['read', 'update']);
    app = run(app, toggleSharingAccess(app, 0, 0, 'read', false));
    app = run(app, toggleSharingAccess(app, 0, 0, 'update', false));
    expect(app.roles?.[0]?.sharing?.[0]?.access).toEqual(['read']);
    expect(issuesOf(app)).toEqual([]);
    app = run(app, addSharingRule(app, 0, newSharingRule(app, app.roles![0]!, 'deal')));
    expect(app.roles?.[0]?.sharing?.[1]?.name).toBe('deal_rule_2');
    app = run(app, removeSharingRule(app, 0, 0));
    app = run(app, removeSharingRule(app, 0, 0));
    const withRegion: App = { ...app, entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'region', type: 'enum', options: [{ value: 'msk' }] }] }] };
    expect(newSharingRule(withRegion, withRegion.roles![0]!, 'deal').condition).toEqual({ field: 'region', op: 'eq', value: 'msk' });
    expect(app.roles?.[0]).not.toHaveProperty('sharing');
  });
});
