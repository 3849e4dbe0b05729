import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http.client.js';
import type { RecordData } from '../api/records.api.js';
import { useWorkspaceRecordStore } from './workspace-record.store.js';

const api = vi.hoisted(() => ({
  createRecord: vi.fn(),
  updateRecord: vi.fn(),
  fetchWorkspaceDefinition: vi.fn(),
  getRecord: vi.fn(),
  fetchHistory: vi.fn(),
  listRecordRuns: vi.fn(),
  listRecords: vi.fn(),
}));
vi.mock('../api/records.api.js', () => api);
vi.mock('../api/users.api.js', () => ({ listUsers: vi.fn().mockResolvedValue([]) }));

function stored(values: Record<string, unknown>, version = 1): RecordData {
  return { id: 'd1', version, owner: 'u1', created_at: '', created_by: 'u1', updated_at: '', updated_by: 'u1', deleted_at: null, ...values };
}

describe('the workspace record store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
  });

  it('creates a record from the filled fields only', async () => {
    const store = useWorkspaceRecordStore();
    store.startDraft('deal', null, null, { title: null, amount: null });
    store.applyFieldValue('title', 'Поставка');
    expect(store.dirty).toBe(true);
    api.createRecord.mockResolvedValue(stored({ title: 'Поставка' }));
    const outcome = await store.saveDraft(['title', 'amount'], 'ru');
    expect(api.createRecord).toHaveBeenCalledWith('deal', { title: 'Поставка' });
    expect(outcome.ok).toBe(true);
    expect(store.dirty).toBe(false);
  });

  it('sends only the changes with the version it started from', async () => {
    const store = useWorkspaceRecordStore();
    store.startDraft('deal', 'd1', 3, { title: 'A', amount: 10 });
    store.applyFieldValue('amount', 20);
    api.updateRecord.mockResolvedValue(stored({ title: 'A', amount: 20 }, 4));
    await store.saveDraft(['title', 'amount'], 'ru');
    expect(api.updateRecord).toHaveBeenCalledWith('deal', 'd1', { amount: 20 }, 3);
  });

  it('puts the server\u2019s messages on their fields in the person\u2019s language, and clears one when the field is edited', async () => {
    const store = useWorkspaceRecordStore();
    store.startDraft('deal', null, null, { title: null, amount: null });
    store.applyFieldValue('amount', -1);
    api.createRecord.mockRejectedValue(
      new ApiError(400, 'VALIDATION_FAILED', 'Invalid', [{ field: 'amount', code: 'MINIMUM', message: 'Too small', message_ru: 'Слишком мало' }, { code: 'X', message: 'General', message_ru: 'Общая' }]),
    );
    const outcome = await store.saveDraft(['title', 'amount'], 'ru');
    expect(outcome).toEqual({ ok: false, conflict: false });
    expect(store.serverErrors).toEqual({ amount: 'Слишком мало' });
    expect(store.formErrors).toEqual(['Общая']);
    store.applyFieldValue('amount', 5);
    expect(store.serverErrors).toEqual({});
  });

  it('reports a stale version as a conflict and overwrites without the version when asked', async () => {
    const store = useWorkspaceRecordStore();
    store.startDraft('deal', 'd1', 3, { title: 'A' });
    store.applyFieldValue('title', 'B');
    api.updateRecord.mockRejectedValueOnce(new ApiError(412, 'VERSION_CONFLICT', 'Stale', []));
    expect(await store.saveDraft(['title'], 'en')).toEqual({ ok: false, conflict: true });
    expect(store.conflict).toBe(true);
    expect(store.dirty).toBe(true);
    api.updateRecord.mockResolvedValue(stored({ title: 'B' }, 5));
    await store.saveDraft(['title'], 'en', true);
    expect(api.updateRecord).toHaveBeenLastCalledWith('deal', 'd1', { title: 'B' }, null);
    expect(store.conflict).toBe(false);
  });

  it('loads history, the runs of the entity\u2019s processes and the related records, tolerating parts it may not read', async () => {
    const store = useWorkspaceRecordStore();
    api.fetchWorkspaceDefinition.mockResolvedValue({
      definition: { name: 'crm', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'company', type: 'relation', target: 'company' }] }] },
      access: {},
      processes: [{ name: 'route_big_deals', entity: 'deal' }, { name: 'other', entity: 'company' }],
    });
    await store.loadDefinition();
    api.getRecord.mockResolvedValue(stored({}));
    await store.loadRecord('deal', 'd1');
    expect(api.getRecord).toHaveBeenCalledWith('deal', 'd1', ['company', 'owner']);
    api.fetchHistory.mockResolvedValue([{ version: 1, action: 'create', at: '', actor: { kind: 'user', id: 'u1' }, changes: [] }]);
    api.listRecordRuns.mockResolvedValue([{ id: 'r1', process: 'route_big_deals', status: 'completed', entity: 'deal', recordId: 'd1', createdAt: '', finishedAt: null }]);
    api.listRecords.mockRejectedValue(new ApiError(403, 'FORBIDDEN', 'No', []));
    await store.loadRecordActivity('deal', 'd1', [{ entity: 'task', field: 'deal', label: { en: 'Tasks' }, kind: 'tasks' }]);
    expect(api.listRecordRuns).toHaveBeenCalledTimes(1);
    expect(store.history).toHaveLength(1);
    expect(store.runs).toHaveLength(1);
    expect(store.related).toEqual({ 'task.deal': [] });
  });
});
