import knexFactory, { type Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { accessTestApp } from './access-test.fixtures.js';
import { createAccessPolicy } from './access.policy.js';
import type { AccessSubject } from './access.types.js';
import { NO_STALE_GRANTS, fieldGrantKey } from './grant-binding.resolver.js';
import { compileRoles } from './role-grants.compiler.js';

/* The policy's decisions that need no database: scopes, field access, write checks, redaction. */

const ME = '00000000-0000-4000-8000-000000000001';
const TEAMMATE = '00000000-0000-4000-8000-000000000002';
const BELOW = '00000000-0000-4000-8000-000000000003';
const STRANGER = '00000000-0000-4000-8000-000000000009';

function subject(roles: string[]): AccessSubject {
  return {
    userId: ME,
    email: 'me@example.com',
    name: 'Me',
    roles,
    teamId: 't1',
    managerId: null,
    attributes: { region: 'north' },
    teamIds: ['t1'],
    subtreeTeamIds: ['t1', 't2'],
    teamMemberIds: [ME, TEAMMATE],
    subtreeMemberIds: [ME, TEAMMATE, BELOW],
  };
}

// A handle with nowhere to connect: these decisions must not need the database.
const noDb: Knex = knexFactory({ client: 'pg' });

function policyFor(roles: string[], stale = NO_STALE_GRANTS) {
  const app = accessTestApp();
  const compiled = compileRoles(app, stale);
  const live = roles.flatMap((r) => {
    const role = compiled.role(r);
    return role ? [role] : [];
  });
  return createAccessPolicy({ app, db: noDb, now: new Date(), kind: compiled.isAdmin(roles) ? 'admin' : 'user', subject: subject(roles), roles: live });
}

describe('access policy (no database)', () => {
  it('unions scopes across roles and keeps the widest', () => {
    const deal = policyFor(['rep', 'lead']).entity('deal');
    expect(deal.scope('read')).toBe('team');
    expect(deal.scope('delete')).toBe('own');
    expect(policyFor(['rep']).entity('deal').scope('delete')).toBe('none');
    expect(policyFor(['rep']).entity('deal').can('delete')).toBe(false);
  });

  it('decides own, team and subtree on the owner in memory', async () => {
    const rep = policyFor(['rep']).entity('deal');
    const boss = policyFor(['boss']).entity('deal');
    expect(await rep.allows('update', { id: 'x', owner: ME })).toBe(true);
    expect(await rep.allows('update', { id: 'x', owner: TEAMMATE })).toBe(false);
    expect(await boss.allows('update', { id: 'x', owner: BELOW })).toBe(true);
    expect(await boss.allows('update', { id: 'x', owner: STRANGER })).toBe(false);
  });

  it('expresses scopes as index-friendly predicates on the owner column', () => {
    expect(policyFor(['rep']).entity('deal').recordFilter('read', 'd')).toEqual({ sql: '?? = CAST(? AS uuid)', bindings: ['d.owner', ME] });
    expect(policyFor(['boss']).entity('deal').recordFilter('update', 'd')).toEqual({
      sql: '?? = ANY(CAST(? AS uuid[]))',
      bindings: ['d.owner', `{${ME},${TEAMMATE},${BELOW}}`],
    });
    expect(policyFor([]).entity('deal').recordFilter('read').sql).toBe('FALSE');
    expect(policyFor(['superuser']).entity('deal').recordFilter('read').sql).toBe('TRUE');
  });

  it('ORs sharing rules into the predicate', () => {
    const filter = policyFor(['lead']).entity('deal').recordFilter('read', 'rec_deal');
    expect(filter.sql).toContain(' OR ');
    expect(filter.sql).toContain('"rec_deal"."region"');
    expect(filter.bindings).toContain('north');
  });

  it('grants nothing for role names the definition does not have', () => {
    const deal = policyFor(['ghost']).entity('deal');
    expect(deal.can('read')).toBe(false);
    expect(deal.recordFilter('read').sql).toBe('FALSE');
    expect(deal.visibleFields()).toEqual([]);
  });

  it('gives the most permissive field access across roles, capped by entity access', () => {
    expect(policyFor(['rep']).entity('deal').fieldAccess('margin')).toBe('hidden');
    expect(policyFor(['rep']).entity('deal').fieldAccess('region')).toBe('read');
    expect(policyFor(['rep']).entity('deal').fieldAccess('title')).toBe('write');
    expect(policyFor(['rep', 'lead']).entity('deal').fieldAccess('margin')).toBe('read');
    expect(policyFor(['rep', 'lead']).entity('deal').fieldAccess('region')).toBe('write');
    // rep reads companies but may not change them: unlisted fields are read-only
    expect(policyFor(['rep']).entity('company').fieldAccess('name')).toBe('read');
    expect(policyFor(['rep']).entity('company').fieldAccess('secret')).toBe('hidden');
  });

  it('hides a formula wherever a field it reads is hidden', () => {
    expect(policyFor(['rep']).entity('deal').fieldAccess('margin_amount')).toBe('hidden');
    expect(policyFor(['lead']).entity('deal').fieldAccess('margin_amount')).toBe('read');
    expect(policyFor(['superuser']).entity('deal').fieldAccess('margin_amount')).toBe('read');
  });

  it('keeps system fields readable and never writable; owner only with changeOwner', () => {
    const rep = policyFor(['rep']).entity('deal');
    expect(rep.fieldAccess('created_by')).toBe('read');
    expect(rep.fieldAccess('owner')).toBe('read');
    expect(policyFor(['lead']).entity('deal').fieldAccess('owner')).toBe('write');
    expect(policyFor(['superuser']).entity('deal').fieldAccess('version')).toBe('read');
    expect(rep.writableFields()).not.toContain('id');
  });

  it('refuses hidden and read-only fields and a changed owner, naming each', () => {
    const rep = policyFor(['rep']).entity('deal');
    expect(rep.refusedFields({ title: 'x', margin: 5, region: 'south', owner: STRANGER }, { kind: 'create' }).sort()).toEqual(['margin', 'owner', 'region']);
    expect(rep.refusedFields({ owner: ME }, { kind: 'create' })).toEqual([]);
    expect(rep.refusedFields({ owner: ME }, { kind: 'update', before: { owner: ME } })).toEqual([]);
    expect(rep.refusedFields({ owner: null }, { kind: 'update', before: { owner: ME } })).toEqual(['owner']);
    // nobody's to write: left to validation (400 READ_ONLY for everyone)
    expect(rep.refusedFields({ version: 3, id: ME, created_by: ME }, { kind: 'create' })).toEqual([]);
    expect(policyFor(['lead']).entity('deal').refusedFields({ owner: STRANGER, margin: 1 }, { kind: 'create' })).toEqual(['margin']);
  });

  it('redacts hidden fields and names the entity does not have', () => {
    const rep = policyFor(['rep']).entity('deal');
    expect(rep.redact({ id: ME, title: 't', margin: 40, _search: 'x' })).toEqual({ id: ME, title: 't' });
  });

  it('hides a one-to-many list when the pointing field is hidden on the target', () => {
    expect(policyFor(['lead']).entity('company').fieldAccess('deals')).toBe('read');
    const stale = { fields: new Set([fieldGrantKey('lead', 'deal', 'margin')]), sharing: new Set<string>() };
    expect(policyFor(['lead'], stale).entity('deal').fieldAccess('margin')).toBe('hidden');
  });

  it('limits create to owners within the create scope', async () => {
    const rep = policyFor(['rep']).entity('deal');
    expect(await rep.allows('create', {})).toBe(true);
    expect(policyFor(['rep']).entity('company').can('create')).toBe(false);
    expect(await policyFor(['nobody_in']).entity('deal').allows('create', {})).toBe(false);
  });
});
