import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
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

  it('shows the issues the server would give, as the analyst types, with pointers', () => {
    const draft = store();
    expect(draft.issues).toEqual([]);
    draft.apply({ label: 'Bad name', patches: [{ op: 'set', path: ['entities', 0, 'fields', 0, 'name'], value: 'Bad Name' }] });
    expect(draft.issues.length).toBeGreaterThan(0);
    expect(draft.issues[0]?.pointer).toMatch(/^\/entities\/0\/fields\/0/);
    expect(draft.issues[0]?.message.ru).not.toBe('');
    draft.undo();
    expect(draft.issues).toEqual([]);
  });

  it('refuses a change that does not fit and keeps the document and history', () => {
    const draft = store();
    expect(() => draft.apply({ label: 'Bad', patches: [{ op: 'remove', path: ['entities', 4] }] })).toThrow(DraftPathError);
    expect(draft.document).toEqual(sampleApp());
    expect(draft.canUndo).toBe(false);
  });
});
