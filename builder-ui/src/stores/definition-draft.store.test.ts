import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '@crm/schemas';
import { DraftPathError } from '../domain/definition-draft.apply.js';
import { useDefinitionDraftStore } from './definition-draft.store.js';

function sampleApp(): App {
  return { name: 'crm', entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'amount', type: 'money' }] }] };
}

describe('the definition draft store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  function store(): ReturnType<typeof useDefinitionDraftStore> {
    const draft = useDefinitionDraftStore();
    draft.autosaveDelayMs = 0;
    draft.applyReset(sampleApp());
    return draft;
  }

  it('applies changes, undoes and redoes them in order, with their labels', () => {
    const draft = store();
    draft.apply({ label: 'Add field', patches: [{ op: 'insert', path: ['entities', 0, 'fields', 1], value: { name: 'title', type: 'text' } }] });
    draft.apply({ label: 'Rename field', patches: [{ op: 'set', path: ['entities', 0, 'fields', 1, 'name'], value: 'subject' }] });
    expect(draft.document?.entities[0]?.fields.map((f) => f.name)).toEqual(['amount', 'subject']);
    expect(draft.undoLabel).toBe('Rename field');
    draft.undo();
    expect(draft.document?.entities[0]?.fields.map((f) => f.name)).toEqual(['amount', 'title']);
    draft.undo();
    expect(draft.document).toEqual(sampleApp());
    expect(draft.canUndo).toBe(false);
    draft.redo();
    draft.redo();
    expect(draft.document?.entities[0]?.fields.map((f) => f.name)).toEqual(['amount', 'subject']);
    expect(draft.canRedo).toBe(false);
  });

  it('a new change after an undo drops the redo stack', () => {
    const draft = store();
    draft.apply({ label: 'Rename', patches: [{ op: 'set', path: ['name'], value: 'a' }] });
    draft.undo();
    draft.apply({ label: 'Rename', patches: [{ op: 'set', path: ['name'], value: 'b' }] });
    expect(draft.canRedo).toBe(false);
    expect(draft.document?.name).toBe('b');
  });

  it('says it is checking from an edit until the issues of that edit are in', async () => {
    const draft = store();
    await draft.issuesSettled();
    expect(draft.checking).toBe(false);
    draft.apply({ label: 'Bad name', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: 'Bad Name' }] });
    expect(draft.checking).toBe(true);
    draft.apply({ label: 'Worse name', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: 'Worse Name' }] });
    const issues = await draft.issuesSettled();
    expect(issues.length).toBeGreaterThan(0);
    expect(draft.checking).toBe(false);
  });

  it('shows the issues the server would give, as the analyst types, with pointers', async () => {
    const draft = store();
    expect(await draft.issuesSettled()).toEqual([]);
    draft.apply({ label: 'Bad name', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: 'Bad Name' }] });
    const issues = await draft.issuesSettled();
    expect(issues.length).toBeGreaterThan(0);
    expect(draft.issues).toEqual(issues);
    expect(issues[0]?.pointer).toMatch(/^\/entities\/0\/fields\/0/);
    expect(issues[0]?.message.ru).not.toBe('');
    draft.undo();
    expect(await draft.issuesSettled()).toEqual([]);
  });

  it('keeps the newest edit\'s issues when edits come faster than the validation', async () => {
    const draft = store();
    draft.apply({ label: 'Bad name', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: 'Bad Name' }] });
    draft.apply({ label: 'Worse name', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: '1 bad' }] });
    draft.apply({ label: 'Good name', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: 'total' }] });
    expect(await draft.issuesSettled()).toEqual([]);
    draft.apply({ label: 'Bad again', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: 'Bad Name' }] });
    const [first, second] = await Promise.all([draft.issuesSettled(), draft.issuesSettled()]);
    expect(first.length).toBeGreaterThan(0);
    expect(second).toBe(first);
    expect(draft.issues).toBe(first);
  });

  it('refuses a change that does not fit and keeps the document and history', () => {
    const draft = store();
    expect(() => draft.apply({ label: 'Bad', patches: [{ op: 'remove', path: ['entities', 4] }] })).toThrow(DraftPathError);
    expect(draft.document).toEqual(sampleApp());
    expect(draft.canUndo).toBe(false);
  });

  describe('leaving the page inside the autosave delay', () => {
    const sent: Array<{ url: string; method: string; keepalive: boolean }> = [];
    beforeEach(() => {
      sent.length = 0;
      // The browser's fetch, recorded: a keepalive request is all the page can leave behind.
      vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
        sent.push({ url, method: init.method ?? 'GET', keepalive: init.keepalive === true });
        return new Response(JSON.stringify({ definition: sampleApp(), issues: [] }), { status: 200 });
      });
    });
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('sends the unsaved edit once, as a keepalive request, and has nothing to send when saved', async () => {
      const draft = useDefinitionDraftStore();
      draft.autosaveDelayMs = 60_000;
      draft.applyReset(sampleApp());
      draft.apply({ label: 'Add field', patches: [{ op: 'insert', path: ['entities', 0, 'fields', 1], value: { name: 'title', type: 'text' } }] });
      expect(draft.unsaved).toBe(true);
      expect(draft.saveOnLeave()).toBe(true);
      expect(draft.saveOnLeave()).toBe(true);
      expect(sent).toEqual([{ url: '/api/definitions/draft?allowIssues=1', method: 'PUT', keepalive: true }]);
      await draft.save();
      expect(draft.unsaved).toBe(false);
      sent.length = 0;
      expect(draft.saveOnLeave()).toBe(true);
      expect(sent).toEqual([]);
    });

    it('says when a draft is too large to send as the page goes (the page then asks to stay) and saves it the usual way', () => {
      const draft = useDefinitionDraftStore();
      draft.autosaveDelayMs = 60_000;
      const big = sampleApp();
      big.entities[0]!.fields = Array.from({ length: 1500 }, (_, i) => ({ name: `field_with_a_long_name_${i}`, type: 'text' as const, label: { ru: 'Длинная подпись поля', en: 'A long field label' } }));
      draft.applyReset(big);
      expect(draft.saveOnLeave()).toBe(false);
      expect(sent.map((r) => r.keepalive)).toEqual([false]);
    });
  });
});
