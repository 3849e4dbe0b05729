import type { App } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { fieldGrantKey, findStaleGrants, sharingRuleKey, type DefinitionSnapshot } from './grant-binding.resolver.js';

function app(marginId: string, regionId: string, grant: 'hidden' | 'read' | 'write' = 'read', condition: unknown = { field: 'region', op: 'eq', value: '$user.region' }): App {
  return {
    name: 'a',
    entities: [
      {
        name: 'deal',
        id: 'ent_deal',
        label: { en: 'Deal', ru: 'Сделка' },
        fields: [
          { name: 'title', type: 'text', id: 'fld_title' },
          { name: 'margin', type: 'percent', id: marginId },
          { name: 'region', type: 'text', id: regionId },
        ],
      },
    ],
    roles: [
      {
        name: 'rep',
        entities: { deal: { read: 'own' } },
        fields: { deal: { margin: grant } },
        sharing: [{ name: 'by_region', entity: 'deal', access: ['read'], condition: JSON.parse(JSON.stringify(condition)) }],
      },
    ],
  };
}

function snapshot(version: number, source: App): DefinitionSnapshot {
  const fieldIds = Object.fromEntries(source.entities.map((e) => [e.name, Object.fromEntries(e.fields.map((f) => [f.name, f.id]))]));
  return { version, roles: JSON.parse(JSON.stringify(source.roles)), fieldIds };
}

const MARGIN = fieldGrantKey('rep', 'deal', 'margin');
const RULE = sharingRuleKey('rep', 'by_region');

describe('grant bindings', () => {
  it('keeps grants bound to the field they were written for', () => {
    // ARRANGE: the same field in every version
    const live = app('fld_m1', 'fld_r1');
    // ACT
    const stale = findStaleGrants(live, [snapshot(2, live), snapshot(1, app('fld_m1', 'fld_r1'))]);
    // ASSERT
    expect([...stale.fields, ...stale.sharing]).toEqual([]);
  });

  it('marks a grant stale when its field was deleted and recreated under the same name', () => {
    // ARRANGE: v1 wrote the grant for fld_m1; v2 replaced the field by fld_m2 and kept the grant text
    const live = app('fld_m2', 'fld_r1');
    // ACT
    const stale = findStaleGrants(live, [snapshot(2, live), snapshot(1, app('fld_m1', 'fld_r1'))]);
    // ASSERT
    expect(stale.fields.has(MARGIN)).toBe(true);
    expect(stale.sharing.size).toBe(0);
  });

  it('binds a grant written again (changed) to the field that has the name now', () => {
    // ARRANGE: the grant changed from read to write when the field was recreated
    const live = app('fld_m2', 'fld_r1', 'write');
    // ACT
    const stale = findStaleGrants(live, [snapshot(2, live), snapshot(1, app('fld_m1', 'fld_r1', 'read'))]);
    // ASSERT
    expect(stale.fields.size).toBe(0);
  });

  it('marks a sharing rule stale when a field its condition names was recreated', () => {
    // ARRANGE
    const live = app('fld_m1', 'fld_r2');
    // ACT
    const stale = findStaleGrants(live, [snapshot(3, live), snapshot(2, app('fld_m1', 'fld_r1')), snapshot(1, app('fld_m1', 'fld_r1'))]);
    // ASSERT
    expect(stale.sharing.has(RULE)).toBe(true);
  });

  it('does not mark a restored field (same id again, as a rollback publishes it) stale', () => {
    // ARRANGE: v1 fld_m1, v2 recreated as fld_m2 (grant stale there), v3 is v1 again
    const v1 = app('fld_m1', 'fld_r1');
    const live = app('fld_m1', 'fld_r1');
    // ACT
    const stale = findStaleGrants(live, [snapshot(3, live), snapshot(2, app('fld_m2', 'fld_r1')), snapshot(1, v1)]);
    // ASSERT
    expect(stale.fields.size).toBe(0);
  });

  it('binds grants of a definition never published to the fields it has', () => {
    // ACT
    const stale = findStaleGrants(app('fld_m9', 'fld_r9'), []);
    // ASSERT
    expect(stale.fields.size + stale.sharing.size).toBe(0);
  });

  it('treats a rule whose condition changed as written anew', () => {
    // ARRANGE: condition rewritten in the version that recreated region
    const live = app('fld_m1', 'fld_r2', 'read', { field: 'region', op: 'in', value: ['moscow'] });
    // ACT
    const stale = findStaleGrants(live, [snapshot(2, live), snapshot(1, app('fld_m1', 'fld_r1'))]);
    // ASSERT
    expect(stale.sharing.size).toBe(0);
  });
});
