import { describe, expect, it } from 'vitest';
import { draftEditorState, editedLabel, findNamed, issuesUnder } from './draft-editor.rules.js';

describe('draftEditorState', () => {
  it('puts a load error before everything else', () => {
    expect(draftEditorState('Нет связи с сервером', false, false)).toBe('load-error');
    expect(draftEditorState('Нет связи с сервером', true, true)).toBe('load-error');
  });
  it('is loading until the draft is there, then found or not', () => {
    expect(draftEditorState(null, false, false)).toBe('loading');
    expect(draftEditorState(null, true, false)).toBe('not-found');
    expect(draftEditorState(null, true, true)).toBe('ready');
  });
});

describe('findNamed', () => {
  const roles = [{ name: 'admin' }, { name: 'sales' }];
  it('finds the item the address names, with its index', () => {
    expect(findNamed(roles, 'sales')).toEqual({ index: 1, item: { name: 'sales' } });
  });
  it('says -1 for a name that is not there and for a collection the app does not have', () => {
    expect(findNamed(roles, 'support')).toEqual({ index: -1, item: undefined });
    expect(findNamed(undefined, 'sales')).toEqual({ index: -1, item: undefined });
  });
});

describe('issuesUnder', () => {
  const issues = [{ pointer: '/views/2' }, { pointer: '/views/2/sort/0' }, { pointer: '/views/20/filter' }, { pointer: '/views' }];
  it('takes the item and what is below it, not an item whose index starts alike', () => {
    expect(issuesUnder(issues, '/views/2').map((i) => i.pointer)).toEqual(['/views/2', '/views/2/sort/0']);
  });
  it('takes nothing for an item that is not there', () => {
    expect(issuesUnder(issues, '/views/-1')).toEqual([]);
  });
});

describe('editedLabel', () => {
  it('changes only the language typed in, trimmed', () => {
    expect(editedLabel({ ru: 'Сделки', en: 'Deals' }, 'en', '  Open deals ')).toEqual({ ru: 'Сделки', en: 'Open deals' });
  });
  it('keeps the old name when the box is emptied', () => {
    expect(editedLabel({ ru: 'Сделки', en: 'Deals' }, 'ru', '   ')).toBeNull();
  });
  it('starts an unnamed item from the fallback, else from what was typed', () => {
    expect(editedLabel(undefined, 'ru', 'Продавец', 'sales')).toEqual({ ru: 'Продавец', en: 'sales' });
    expect(editedLabel(undefined, 'en', 'Board')).toEqual({ ru: 'Board', en: 'Board' });
  });
});
