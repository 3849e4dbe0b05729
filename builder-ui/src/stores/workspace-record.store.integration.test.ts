import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRecord, fetchHistory, getRecord, updateRecord } from '../api/records.api.js';
import { signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceRecordStore } from './workspace-record.store.js';

/* The record store against a real runtime with b2b-sales (tests/support/ui-runtime.setup.ts). */

describe('the workspace record store', () => {
  beforeAll(async () => {
    await signedInAdmin();
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('creates a record from the filled fields only', async () => {
    const store = useWorkspaceRecordStore();
    store.startDraft('deal', null, null, { title: null, amount: null, discount: null });
    store.applyFieldValue('title', 'Поставка');
    store.applyFieldValue('amount', 5000);
    expect(store.dirty).toBe(true);
    const outcome = await store.saveDraft(['title', 'amount', 'discount'], 'ru');
    if (!outcome.ok) throw new Error('not saved');
    expect(store.dirty).toBe(false);
    const [created] = await fetchHistory('deal', outcome.record.id);
    const sent = created?.changes.map((c) => c.field);
    expect(sent).toEqual(expect.arrayContaining(['title', 'amount']));
    expect(sent).not.toContain('discount');
  });

  it('sends only the changes with the version it started from', async () => {
    const deal = await createRecord('deal', { title: 'A', amount: 10 });
    const store = useWorkspaceRecordStore();
    store.startDraft('deal', deal.id, deal.version, { title: 'A', amount: 10 });
    store.applyFieldValue('amount', 20);
    const outcome = await store.saveDraft(['title', 'amount'], 'ru');
    expect(outcome.ok && outcome.record.version).toBe(deal.version + 1);
    const history = await fetchHistory('deal', deal.id);
    expect(history.find((h) => h.action === 'update')?.changes.map((c) => c.field)).toEqual(['amount']);
  });

  it('puts the server\u2019s messages on their fields in the person\u2019s language, and clears one when the field is edited', async () => {
    const store = useWorkspaceRecordStore();
    // The title is not on this form: the server's word about it is shown for the whole form.
    store.startDraft('deal', null, null, { amount: null, close_date: null });
    store.applyFieldValue('amount', 5000);
    store.applyFieldValue('close_date', 'завтра');
    const outcome = await store.saveDraft(['amount', 'close_date'], 'ru');
    expect(outcome).toEqual({ ok: false, conflict: false });
    expect(Object.keys(store.serverErrors)).toEqual(['close_date']);
    expect(store.serverErrors['close_date']).toMatch(/[а-я]/);
    expect(store.formErrors).toHaveLength(1);
    expect(store.formErrors[0]).toMatch(/[а-я]/);
    store.applyFieldValue('close_date', '2027-01-01');
    expect(store.serverErrors).toEqual({});
  });

  it('reports a stale version as a conflict and overwrites without the version when asked', async () => {
    const deal = await createRecord('deal', { title: 'A', amount: 10 });
    const store = useWorkspaceRecordStore();
    store.startDraft('deal', deal.id, deal.version, { title: 'A' });
    // Someone else saves the deal meanwhile.
    await updateRecord('deal', deal.id, { amount: 11 }, deal.version);
    store.applyFieldValue('title', 'B');
    expect(await store.saveDraft(['title'], 'en')).toEqual({ ok: false, conflict: true });
    expect(store.conflict).toBe(true);
    expect(store.dirty).toBe(true);
    const overwritten = await store.saveDraft(['title'], 'en', true);
    expect(overwritten.ok).toBe(true);
    expect(store.conflict).toBe(false);
    expect(await getRecord('deal', deal.id)).toMatchObject({ title: 'B', amount: 11, version: deal.version + 2 });
  });

  it('loads history, the runs of the entity\u2019s processes and the related records, tolerating parts it may not read', async () => {
    const company = await createRecord('company', { name: 'ООО «Луч»' });
    // Over 100 000: b2b-sales' before-save route_big_deals runs on it.
    const deal = await createRecord('deal', { title: 'Крупная поставка', amount: 250_000, company: company.id });
    const task = await createRecord('task', { title: 'Позвонить', deal: deal.id });
    const store = useWorkspaceRecordStore();
    await store.loadDefinition();
    await store.loadRecord('deal', deal.id);
    expect(store.record?.['company']).toMatchObject({ id: company.id, name: 'ООО «Луч»' });
    await store.loadRecordActivity('deal', deal.id, [
      { entity: 'task', field: 'deal', label: { en: 'Tasks' }, kind: 'tasks' },
      // Not in the definition: the runtime refuses the list, the page shows it empty.
      { entity: 'ghost', field: 'deal', label: { en: 'Ghosts' }, kind: 'list' },
    ]);
    expect(store.history.length).toBeGreaterThan(0);
    expect(store.history).toEqual(await fetchHistory('deal', deal.id));
    expect(store.runs.map((r) => r.process)).toContain('route_big_deals');
    expect(store.related['task.deal']?.map((r) => r.id)).toEqual([task.id]);
    expect(store.related['ghost.deal']).toEqual([]);
  });
});
