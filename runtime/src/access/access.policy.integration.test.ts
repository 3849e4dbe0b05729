import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { insertUser, toActor } from '../people/users.repository.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { accessTestApp } from './access-test.fixtures.js';
import { loadAccessSubject } from './access-subject.loader.js';
import { loadAccessPolicy } from './access.policy.js';
import type { AccessOperation } from './access.types.js';

/*
 * The policy against a real database: team sets from the hierarchy in one query, record filters in
 * SQL, and `allows` for one record agreeing with the filter on every record, operation and person.
 */

interface Org {
  root: string;
  east: string;
  eastSub: string;
  west: string;
  users: Record<'boss' | 'lead' | 'rep' | 'mate' | 'below' | 'west' | 'both' | 'ghost' | 'off' | 'empty', string>;
}

async function team(knex: Knex, name: string, parent: string | null): Promise<string> {
  const [row] = await knex('teams').insert({ name, parent_id: parent }).returning<{ id: string }[]>('id');
  if (!row) throw new Error('no team');
  return row.id;
}

async function user(knex: Knex, email: string, roles: string[], teamId: string | null, attributes: Record<string, unknown> = {}): Promise<string> {
  return (await insertUser(knex, { email, name: email, passwordHash: null, roles, teamId, attributes })).id;
}

async function buildOrg(knex: Knex): Promise<Org> {
  const root = await team(knex, 'Root', null);
  const east = await team(knex, 'East', root);
  const eastSub = await team(knex, 'East-1', east);
  const west = await team(knex, 'West', root);
  const users = {
    boss: await user(knex, 'boss@x.test', ['boss'], root),
    lead: await user(knex, 'lead@x.test', ['lead'], east, { region: 'north' }),
    rep: await user(knex, 'rep@x.test', ['rep'], east),
    mate: await user(knex, 'mate@x.test', ['rep'], east),
    below: await user(knex, 'below@x.test', ['rep'], eastSub),
    west: await user(knex, 'west@x.test', ['rep'], west),
    both: await user(knex, 'both@x.test', ['rep', 'lead'], west, { region: 'south' }),
    ghost: await user(knex, 'ghost@x.test', ['no_such_role'], east),
    off: await user(knex, 'off@x.test', ['boss'], root),
    empty: await user(knex, 'empty@x.test', ['nobody_in'], west),
  };
  await knex('users').where({ id: users.off }).update({ disabled: true });
  // West's manager is the boss: manages a team they are not a member of.
  await knex('teams').where({ id: west }).update({ manager_id: users.boss });
  return { root, east, eastSub, west, users };
}

describe.each(testDatabaseKinds())('access policy on %s', (kind) => {
  let rt: TestRuntime;
  let app: App;
  let org: Org;
  const deals = new Map<string, { owner: string; region: string }>();

  async function actor(id: string) {
    const row = await rt.db.knex('users').where({ id }).first();
    return toActor(row);
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
    const live = await rt.runtime.definitionService.getLive();
    if (!live) throw new Error('not published');
    app = live.app;
    org = await buildOrg(rt.db.knex);
    for (const [name, owner] of Object.entries(org.users)) {
      for (const region of ['north', 'south']) {
        const [row] = await rt.db.knex('rec_deal').insert({ title: `${name}-${region}`, owner, region, margin: 10 }).returning<{ id: string }[]>('id');
        if (row) deals.set(row.id, { owner, region });
      }
    }
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('resolves team sets through the hierarchy in one query, the person included', async () => {
    const boss = await loadAccessSubject(rt.db.knex, org.users.boss);
    expect(boss?.teamIds.sort()).toEqual([org.root, org.west].sort());
    expect(boss?.subtreeTeamIds.sort()).toEqual([org.root, org.east, org.eastSub, org.west].sort());
    const lead = await loadAccessSubject(rt.db.knex, org.users.lead);
    expect(lead?.teamMemberIds.sort()).toEqual([org.users.lead, org.users.rep, org.users.mate, org.users.ghost].sort());
    expect(lead?.subtreeMemberIds).toContain(org.users.below);
    expect(await loadAccessSubject(rt.db.knex, org.users.off)).toBeNull();
  });

  it('survives a cycle in the team hierarchy', async () => {
    await rt.db.knex('teams').where({ id: org.root }).update({ parent_id: org.eastSub });
    try {
      const subject = await loadAccessSubject(rt.db.knex, org.users.below);
      expect(subject?.subtreeTeamIds.length).toBe(4);
    } finally {
      await rt.db.knex('teams').where({ id: org.root }).update({ parent_id: null });
    }
  });

  async function filtered(userId: string, op: AccessOperation): Promise<string[]> {
    const policy = await loadAccessPolicy(rt.db.knex, app, { user: await actor(userId) });
    const filter = policy.entity('deal').recordFilter(op);
    const rows: Array<{ id: string }> = await rt.db.knex('rec_deal').select('id').whereRaw(filter.sql, filter.bindings);
    return rows.map((r) => r.id).sort();
  }

  function expected(predicate: (deal: { owner: string; region: string }) => boolean): string[] {
    return [...deals.entries()]
      .filter(([, d]) => predicate(d))
      .map(([id]) => id)
      .sort();
  }

  it('filters records by scope and sharing rule inside SQL', async () => {
    const u = org.users;
    expect(await filtered(u.rep, 'read')).toEqual(expected((d) => d.owner === u.rep));
    expect(await filtered(u.lead, 'read')).toEqual(expected((d) => [u.lead, u.rep, u.mate, u.ghost].includes(d.owner) || d.region === 'north'));
    expect(await filtered(u.lead, 'update')).toEqual(expected((d) => [u.lead, u.rep, u.mate, u.ghost].includes(d.owner)));
    expect(await filtered(u.boss, 'delete')).toEqual(expected(() => true));
    expect(await filtered(u.both, 'read')).toEqual(expected((d) => [u.both, u.west, u.empty].includes(d.owner) || d.region === 'south'));
    expect(await filtered(u.ghost, 'read')).toEqual([]);
    expect(await filtered(u.off, 'read')).toEqual([]);
  });

  it('matches nothing through a sharing rule with `in: []`', async () => {
    expect(await filtered(org.users.empty, 'read')).toEqual(expected((d) => d.owner === org.users.empty));
    expect(await filtered(org.users.empty, 'update')).toEqual([]);
  });

  it('agrees with the filter when deciding one record at a time', async () => {
    for (const userId of Object.values(org.users)) {
      const policy = await loadAccessPolicy(rt.db.knex, app, { user: await actor(userId) });
      for (const op of ['read', 'update', 'delete'] as const) {
        const inFilter = new Set(await filtered(userId, op));
        for (const [id, deal] of deals) {
          expect(await policy.entity('deal').allows(op, { id, owner: deal.owner }), `${userId} ${op} ${id}`).toBe(inFilter.has(id));
        }
      }
    }
  });

  it('reads roles fresh: a role changed in the database counts from the next load', async () => {
    const before = await loadAccessPolicy(rt.db.knex, app, { user: await actor(org.users.mate) });
    expect(before.entity('deal').fieldAccess('margin')).toBe('hidden');
    await rt.db.knex('users').where({ id: org.users.mate }).update({ roles: ['lead'] });
    try {
      // The actor object still says rep: the policy reads the database.
      const stale = await actor(org.users.rep);
      const after = await loadAccessPolicy(rt.db.knex, app, { user: { ...stale, id: org.users.mate } });
      expect(after.entity('deal').fieldAccess('margin')).toBe('read');
    } finally {
      await rt.db.knex('users').where({ id: org.users.mate }).update({ roles: ['rep'] });
    }
  });

  it('does not check processes acting with their own rights, and checks those acting for a person', async () => {
    const rep = await actor(org.users.rep);
    const system = await loadAccessPolicy(rt.db.knex, app, { user: rep, process: { name: 'route' } });
    expect(system.unrestricted).toBe(true);
    const asUser = await loadAccessPolicy(rt.db.knex, app, { user: rep, process: { name: 'script', actAs: 'user' } });
    expect(asUser.unrestricted).toBe(false);
    expect(asUser.entity('deal').scope('read')).toBe('own');
    const forNobody = await loadAccessPolicy(rt.db.knex, app, { user: null, process: { name: 'script', actAs: 'user' } });
    expect(forNobody.kind).toBe('nobody');
  });
});
