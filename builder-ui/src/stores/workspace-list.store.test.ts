import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordData, WorkspaceDefinition } from '../api/records.api.js';

const api = vi.hoisted(() => ({
  fetchWorkspaceDefinition: vi.fn(),
  listRecords: vi.fn(),
  updateRecord: vi.fn(),
  runBulkAction: vi.fn(),
  fetchSavedViews: vi.fn(),
  createSavedView: vi.fn(),
  updateSavedView: vi.fn(),
  deleteSavedView: vi.fn(),
}));
vi.mock('../api/records.api.js', () => ({ fetchWorkspaceDefinition: api.fetchWorkspaceDefinition, listRecords: api.listRecords, updateRecord: api.updateRecord }));
vi.mock('../api/users.api.js', () => ({ listUsers: async () => [{ id: 'u1', name: 'Дмитрий Петров' }] }));
vi.mock('../api/lists.api.js', () => ({ runBulkAction: api.runBulkAction }));
vi.mock('../api/saved-views.api.js', () => ({
  fetchSavedViews: api.fetchSavedViews,
  createSavedView: api.createSavedView,
  updateSavedView: api.updateSavedView,
  deleteSavedView: api.deleteSavedView,
}));

import { useWorkspaceListStore } from './workspace-list.store.js';

const definition: WorkspaceDefinition = {
  definition: {
    name: 'crm',
    entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, display: 'title', fields: [{ name: 'title', type: 'text' }, { name: 'amount', type: 'money' }, { name: 'stage', type: 'enum' }] }],
    views: [
      { name: 'deals_all', entity: 'deal', columns: ['title', 'amount'], sort: [{ field: 'amount', dir: 'desc' }] },
      { name: 'mine', entity: 'deal', filter: { field: 'owner', op: 'eq', value: '$user' } },
    ],
  },
  access: { deal: { operations: { create: true, read: true, update: true, delete: false }, changeOwner: false, fields: { title: 'write', amount: 'write', stage: 'write' } } },
  processes: [],
};

function record(id: string, version = 1): RecordData {
  return { id, version, owner: null, created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, title: id };
}

describe('the workspace list store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
    api.fetchWorkspaceDefinition.mockResolvedValue(definition);
    api.fetchSavedViews.mockResolvedValue([]);
  });

  it('opens the first list view with its columns and sort and pages on by cursor', async () => {
    api.listRecords.mockResolvedValueOnce({ data: [record('a'), record('b')], nextCursor: 'c1' }).mockResolvedValueOnce({ data: [record('c')], nextCursor: null });
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    expect(list.viewName).toBe('deals_all');
    expect(list.userNames).toEqual({ u1: 'Дмитрий Петров' });
    expect(list.columns.map((c) => c.name)).toEqual(['title', 'amount']);
    expect(api.listRecords).toHaveBeenLastCalledWith('deal', expect.objectContaining({ sort: '-amount', limit: 50 }));
    await list.loadNextPage();
    expect(api.listRecords).toHaveBeenLastCalledWith('deal', expect.objectContaining({ cursor: 'c1' }));
    expect(list.rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(list.hasMore).toBe(false);
    await list.loadNextPage();
    expect(api.listRecords).toHaveBeenCalledTimes(2);
  });

  it('combines the view filter with the person’s, and sorts by a clicked header', async () => {
    api.listRecords.mockResolvedValue({ data: [], nextCursor: null });
    const list = useWorkspaceListStore();
    await list.openList('deal', 'mine');
    const own = { field: 'amount', op: 'gt', value: 5 };
    await list.applyFilter(own);
    expect(api.listRecords).toHaveBeenLastCalledWith('deal', expect.objectContaining({ filter: { and: [{ field: 'owner', op: 'eq', value: '$user' }, own] } }));
    await list.applySort('title');
    expect(api.listRecords).toHaveBeenLastCalledWith('deal', expect.objectContaining({ sort: 'title' }));
    await list.applyQuery('acme');
    expect(api.listRecords).toHaveBeenLastCalledWith('deal', expect.objectContaining({ q: 'acme' }));
  });

  it('drops an answer for a list the person has since changed', async () => {
    let release: (v: unknown) => void = () => undefined;
    api.listRecords.mockResolvedValueOnce({ data: [], nextCursor: null }).mockReturnValueOnce(new Promise((r) => (release = r))).mockResolvedValueOnce({ data: [record('new')], nextCursor: null });
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    const stale = list.applyQuery('old');
    await list.applyQuery('new');
    release({ data: [record('old')], nextCursor: null });
    await stale;
    expect(list.rows.map((r) => r.id)).toEqual(['new']);
  });

  it('saves the current settings as a view and applies a saved one', async () => {
    api.listRecords.mockResolvedValue({ data: [], nextCursor: null });
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    await list.applyQuery('big');
    const saved = { id: 'v1', entity: 'deal', name: 'Big', shared: false, owner: { id: 'u', name: 'U' }, editable: true, columns: ['title'], filter: null, sort: [{ field: 'title', dir: 'asc' }], q: 'big', createdAt: '', updatedAt: '' };
    api.createSavedView.mockResolvedValue(saved);
    await list.saveView('Big', false, false);
    expect(api.createSavedView).toHaveBeenCalledWith(expect.objectContaining({ entity: 'deal', name: 'Big', q: 'big', columns: ['title', 'amount'] }));
    await list.applySavedView(null);
    expect(list.q).toBe('');
    await list.applySavedView('v1');
    expect(list.columnNames).toEqual(['title']);
    expect(list.q).toBe('big');
  });

  it('keeps the refused records selected after a bulk action and saves a cell with its version', async () => {
    api.listRecords.mockResolvedValue({ data: [record('a', 3), record('b')], nextCursor: null });
    api.runBulkAction.mockResolvedValue({ action: 'change_stage', done: 1, refused: 1, results: [{ id: 'a', ok: true }, { id: 'b', ok: false, code: 'INVALID_TRANSITION', message: 'no' }] });
    const list = useWorkspaceListStore();
    await list.openList('deal', null);
    list.applySelection(['a', 'b']);
    await list.runBulk('change_stage', 'won');
    expect(api.runBulkAction).toHaveBeenCalledWith('deal', 'change_stage', { ids: ['a', 'b'] }, 'won');
    expect(list.selected).toEqual(['b']);
    expect(list.bulkOutcome?.refused).toBe(1);

    api.updateRecord.mockResolvedValue({ ...record('a', 4), title: 'Renamed' });
    await list.saveCell('a', 'title', 'Renamed');
    expect(api.updateRecord).toHaveBeenCalledWith('deal', 'a', { title: 'Renamed' }, 3);
    expect(list.rows[0]?.['title']).toBe('Renamed');
  });
});
