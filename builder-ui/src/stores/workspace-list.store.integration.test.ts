import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRecord, getRecord } from '../api/records.api.js';
import { ownDeal, signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceListStore } from './workspace-list.store.js';

/* Lists against a real runtime with b2b-sales (17 demo deals; `deals_all` sorts by amount, descending). */

let adminId = '';
let adminName = '';

function amounts(rows: ReadonlyArray<Record<string, unknown>>): number[] {
  return rows.map((r) => Number(r['amount']));
}

describe('the workspace list store', () => {
  beforeAll(async () => {
    const admin = await signedInAdmin();
    adminId = admin.id;
    adminName = admin.name ?? admin.email;
    // 40 more (57 in all): more than the first page of 50.
    for (let i = 0; i < 40; i += 4) {
      await Promise.all([0, 1, 2, 3].map((j) => createRecord('deal', { title: `Пакет ${i + j + 1}`, amount: 1000 + i + j, stage: 'lead' })));
    }
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('opens the first list view with its columns and sort and pages on by cursor', async () => {
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    expect(list.viewName).toBe('deals_all');
    expect(list.userNames[adminId]).toBe(adminName);
    expect(list.columns.map((c) => c.name)).toEqual(['title', 'amount', 'stage', 'owner', 'close_date']);
    expect(list.rows).toHaveLength(50);
    expect(amounts(list.rows)).toEqual([...amounts(list.rows)].sort((a, b) => b - a));
    expect(list.hasMore).toBe(true);
    await list.loadNextPage();
    expect(list.rows).toHaveLength(57);
    expect(new Set(list.rows.map((r) => r.id)).size).toBe(57);
    expect(list.hasMore).toBe(false);
    await list.loadNextPage();
    expect(list.rows).toHaveLength(57);
  });

  it('combines the view filter with the person\u2019s, and sorts by a clicked header', async () => {
    await ownDeal(adminId, { title: 'Мой крупный проект', amount: 90_000, stage: 'qualified' });
    await ownDeal(adminId, { title: 'Мой малый проект', amount: 3_000, stage: 'lead' });
    await ownDeal(adminId, { title: 'Мой выигранный проект', amount: 95_000, stage: 'won' });
    const list = useWorkspaceListStore();
    // My open deals (the owner is me, the stage is open) and the person's own filter on top.
    await list.openList('deal', 'my_open_deals');
    await list.applyFilter({ field: 'title', op: 'startsWith', value: 'Мой' });
    expect(list.rows.map((r) => r['title']).sort()).toEqual(['Мой крупный проект', 'Мой малый проект']);
    await list.applyFilter({ and: [{ field: 'title', op: 'startsWith', value: 'Мой' }, { field: 'amount', op: 'gt', value: 5000 }] });
    expect(list.rows.map((r) => r['title'])).toEqual(['Мой крупный проект']);
    await list.applyFilter({ field: 'title', op: 'startsWith', value: 'Мой' });
    await list.applySort('title');
    expect(list.rows.map((r) => r['title'])).toEqual(['Мой крупный проект', 'Мой малый проект']);
    await list.applySort('title');
    expect(list.rows.map((r) => r['title'])).toEqual(['Мой малый проект', 'Мой крупный проект']);
    await list.applyQuery('малый');
    expect(list.rows.map((r) => r['title'])).toEqual(['Мой малый проект']);
  });

  it('drops an answer for a list the person has since changed', async () => {
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    // Both in flight: whichever answer comes last, the list shows the newer search's.
    const stale = list.applyQuery('Пакет');
    await list.applyQuery('станков');
    await stale;
    expect(list.rows.map((r) => r['title'])).toEqual(['Поставка станков']);
  });

  it('saves the current settings as a view and applies a saved one', async () => {
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    await list.applyQuery('Пакет');
    const saved = await list.saveView('Пакеты', false, false);
    expect(saved).toMatchObject({ entity: 'deal', name: 'Пакеты', q: 'Пакет', columns: ['title', 'amount', 'stage', 'owner', 'close_date'] });
    await list.applySavedView(null);
    expect(list.q).toBe('');
    expect(list.rows.length).toBe(50);
    await list.applySavedView(saved.id);
    expect(list.q).toBe('Пакет');
    expect(list.rows).toHaveLength(40);
  });

  it('keeps the refused records selected after a bulk action and saves a cell with its version', async () => {
    const open = await createRecord('deal', { title: 'Альтаир открытый', amount: 500, stage: 'lead' });
    const won = await createRecord('deal', { title: 'Альтаир выигранный', amount: 600, stage: 'won' });
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    await list.applyQuery('Альтаир');
    list.applySelection([open.id, won.id]);
    // lead -> qualified is allowed; a won deal goes nowhere.
    await list.runBulk('change_stage', 'qualified');
    expect(list.selected).toEqual([won.id]);
    expect(list.bulkOutcome).toMatchObject({ done: 1, refused: 1 });
    expect(await getRecord('deal', open.id)).toMatchObject({ stage: 'qualified' });

    await list.saveCell(won.id, 'title', 'Альтаир, выигран');
    expect(list.rows.find((r) => r.id === won.id)?.['title']).toBe('Альтаир, выигран');
    // The list keeps the server's copy: a second edit goes on the new version.
    await list.saveCell(won.id, 'title', 'Альтаир, выигран в декабре');
    expect(await getRecord('deal', won.id)).toMatchObject({ title: 'Альтаир, выигран в декабре', version: won.version + 2 });
  });
});
