import { describe, expect, it } from 'vitest';
import type { App } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';

/* The role rules as validateApp reports them. */

function issuesOf(change: (app: App) => void): Array<[string, string]> {
  const app = fullApp();
  change(app);
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.pointer]);
}

function role(app: App, name: string) {
  const found = app.roles?.find((r) => r.name === name);
  if (!found) throw new Error(`fixture has no role ${name}`);
  return found;
}

describe('role rules', () => {
  it('refuses field access on system fields, which are read with the record and never written', () => {
    // ACT
    const issues = issuesOf((app) => {
      role(app, 'manager').fields = { deal: { owner: 'hidden', created_by: 'write', amount: 'read' } };
    });
    // ASSERT
    expect(issues).toEqual([
      ['SYSTEM_FIELD_GRANT', '/roles/1/fields/deal/owner'],
      ['SYSTEM_FIELD_GRANT', '/roles/1/fields/deal/created_by'],
    ]);
  });

  it('names unknown entities and fields in field access and sharing rules', () => {
    // ACT
    const issues = issuesOf((app) => {
      role(app, 'manager').fields = { deal: { no_such: 'read' }, nowhere: {} };
      role(app, 'head').sharing = [{ name: 'x', entity: 'nowhere', access: ['read'], condition: { field: 'amount', op: 'gt', value: 1 } }];
    });
    // ASSERT
    expect(issues).toEqual(
      expect.arrayContaining([
        ['UNKNOWN_FIELD', '/roles/1/fields/deal/no_such'],
        ['UNKNOWN_ENTITY', '/roles/1/fields/nowhere'],
        ['UNKNOWN_ENTITY', '/roles/2/sharing/0/entity'],
      ]),
    );
  });
});
