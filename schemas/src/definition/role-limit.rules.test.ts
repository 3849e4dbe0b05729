import { describe, expect, it } from 'vitest';
import { holdsAdminRole, limitRoles } from './role-limit.rules.js';

describe('a token’s role limit', () => {
  it('leaves a session (no limit) with every role it holds', () => {
    expect(limitRoles(['sales_rep', 'senior_manager'], undefined, false)).toEqual(['sales_rep', 'senior_manager']);
  });

  it('narrows to the limited roles the person still holds, never adding one', () => {
    expect(limitRoles(['sales_rep', 'senior_manager'], ['sales_rep'], false)).toEqual(['sales_rep']);
    expect(limitRoles(['sales_rep'], ['senior_manager'], false)).toEqual([]);
  });

  it('gives an admin exactly the roles the token names', () => {
    expect(limitRoles(['admin'], ['sales_rep', 'sales_rep'], true)).toEqual(['sales_rep']);
  });

  it('counts the built-in admin role and roles marked admin in the app', () => {
    const app = { roles: [{ name: 'owner', admin: true }, { name: 'sales_rep' }] } as Parameters<typeof holdsAdminRole>[0];
    expect(holdsAdminRole(app, ['admin'])).toBe(true);
    expect(holdsAdminRole(app, ['owner'])).toBe(true);
    expect(holdsAdminRole(app, ['sales_rep'])).toBe(false);
  });
});
