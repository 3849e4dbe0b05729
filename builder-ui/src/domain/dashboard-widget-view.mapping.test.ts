import { describe, expect, it } from 'vitest';
import type { Entity } from '@crm/schemas';
import { cellText, columnField, fieldLabel, textIn, valueTypeOf } from './dashboard-widget-view.mapping.js';

const TASK: Entity = { name: 'task', label: { en: 'Task' }, fields: [{ name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } }, { name: 'due_at', type: 'datetime' }] };

describe('dashboard widget view names', () => {
  it('heads a column with the field label in the UI language, a system column with its word, else the name', () => {
    expect(fieldLabel(TASK, 'title', 'ru')).toBe('Название');
    expect(fieldLabel(TASK, 'owner', 'en')).toBe('Owner');
    expect(fieldLabel(TASK, 'due_at', 'ru')).toBe('due_at');
    expect(textIn({ en: 'Sales' }, 'ru', 'x')).toBe('Sales');
  });

  it('formats system columns as people and instants', () => {
    expect(columnField(TASK, 'owner')).toEqual({ name: 'owner', type: 'user' });
    expect(columnField(TASK, 'created_at')).toEqual({ name: 'created_at', type: 'datetime' });
    expect(columnField(TASK, 'due_at')).toEqual({ name: 'due_at', type: 'datetime' });
  });

  it('words table cells as the lists do: people by name, a dash for nothing, formula fields by their result type', () => {
    const context = { app: null, lang: 'en' as const, userNames: { u1: 'Anna' } };
    expect(cellText(TASK, 'owner', 'u1', context)).toBe('Anna');
    expect(cellText(TASK, 'title', null, context)).toBe('—');
    expect(cellText(TASK, 'title', 'Call', context)).toBe('Call');
    expect(valueTypeOf({ ...TASK, fields: [{ name: 'w', type: 'formula', expression: '1', resultType: 'date' }] }, 'w')).toBe('date');
    expect(valueTypeOf(TASK, 'created_at')).toBe('datetime');
  });
});
