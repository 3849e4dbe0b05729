import { describe, expect, it } from 'vitest';
import { createsAny, visibleNavItems } from './workspace-nav.rules.js';

const access = (create: boolean) => ({ operations: { create, read: true, update: false, delete: false }, changeOwner: false, fields: {} });
const items = [
  { routeName: 'kanban-home', order: 20 },
  { routeName: 'exchange-import', order: 60, needs: 'create' as const },
];

describe('workspace navigation', () => {
  it('hides the import wizard from a person whose roles create nothing', () => {
    expect(visibleNavItems(items, createsAny({ deal: access(false), company: access(false) })).map((i) => i.routeName)).toEqual(['kanban-home']);
    expect(visibleNavItems(items, createsAny(undefined)).map((i) => i.routeName)).toEqual(['kanban-home']);
  });

  it('shows mailings only to those who may run them (a marketer who is no builder too)', () => {
    const withMailings = [...items, { routeName: 'mailings', order: 45, needs: 'mail' as const }];
    expect(visibleNavItems(withMailings, true).map((i) => i.routeName)).toEqual(['kanban-home', 'exchange-import']);
    expect(visibleNavItems(withMailings, true, true, false).map((i) => i.routeName)).toEqual(['kanban-home', 'exchange-import']);
    expect(visibleNavItems(withMailings, true, false, true).map((i) => i.routeName)).toEqual(['kanban-home', 'exchange-import', 'mailings']);
  });

  it('shows it when any entity may be created', () => {
    expect(visibleNavItems(items, createsAny({ deal: access(false), task: access(true) })).map((i) => i.routeName)).toEqual(['kanban-home', 'exchange-import']);
  });
});
