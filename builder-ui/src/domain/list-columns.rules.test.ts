import { describe, expect, it } from 'vitest';
import type { Entity } from '@crm/schemas';
import { chosenColumns, columnChoices, moveChoice } from './list-columns.rules.js';

const deal: Entity = {
  name: 'deal',
  label: { ru: 'Сделка', en: 'Deal' },
  display: 'title',
  fields: [
    { name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } },
    { name: 'amount', type: 'money', label: { ru: 'Сумма', en: 'Amount' } },
    { name: 'notes', type: 'longtext', label: { ru: 'Заметки', en: 'Notes' } },
    { name: 'contract', type: 'file', label: { ru: 'Договор', en: 'Contract' } },
    { name: 'stage', type: 'enum', options: [{ value: 'new' }], label: { ru: 'Этап', en: 'Stage' } },
  ],
};

describe('list column picker', () => {
  it('offers the shown columns first in their order, then the other displayable fields and the system columns', () => {
    const choices = columnChoices(deal, ['stage', 'title'], 'ru');
    expect(choices.map((c) => [c.name, c.shown])).toEqual([
      ['stage', true],
      ['title', true],
      ['amount', false],
      ['owner', false],
      ['created_at', false],
      ['updated_at', false],
    ]);
    expect(choices.map((c) => c.label)).toEqual(['Этап', 'Название', 'Сумма', 'Ответственный', 'Создана', 'Изменена']);
  });

  it('starts from the default columns when the list has none chosen, and drops names the role cannot read', () => {
    expect(chosenColumns(columnChoices(deal, [], 'en'))).toEqual(['title', 'amount', 'stage']);
    expect(chosenColumns(columnChoices(deal, ['margin', 'amount'], 'en'))).toEqual(['amount']);
  });

  it('moves a row one place and keeps the order at the ends', () => {
    const choices = columnChoices(deal, ['title', 'amount'], 'en');
    expect(chosenColumns(moveChoice(choices, 1, -1))).toEqual(['amount', 'title']);
    expect(moveChoice(choices, 0, -1).map((c) => c.name)).toEqual(choices.map((c) => c.name));
    expect(moveChoice(choices, choices.length - 1, 1).map((c) => c.name)).toEqual(choices.map((c) => c.name));
  });
});
