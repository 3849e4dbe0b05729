import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { detailsByField, mailableEntities, mailingDraftProblems, statusRows } from './mailing-draft.rules.js';

const app = {
  name: 'x',
  label: { ru: 'x', en: 'x' },
  entities: [
    { name: 'contact', label: { ru: 'Контакт', en: 'Contact' }, pluralLabel: { ru: 'Контакты', en: 'Contacts' }, fields: [{ name: 'email', type: 'email', label: { ru: 'E-mail', en: 'E-mail' } }] },
    { name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } }] },
  ],
} as unknown as App;

describe('mailing draft rules', () => {
  it('offers only entities with an e-mail field, by their plural label', () => {
    expect(mailableEntities(app)).toEqual([{ name: 'contact', label: { ru: 'Контакты', en: 'Contacts' }, emailFields: ['email'] }]);
  });

  it('names each missing input of a draft and a throttle out of range', () => {
    expect(mailingDraftProblems({ name: ' ', segment: '', subject: 'Hi', body: '', throttlePerMinute: 0 })).toEqual({ name: 'required', segment: 'required', body: 'required', throttlePerMinute: 'throttle' });
    expect(mailingDraftProblems({ name: 'Spring', segment: 's1', subject: 'Hi', body: 'Text', throttlePerMinute: 60 })).toEqual({});
  });

  it('keys server details by their input, first one wins, in the person’s language', () => {
    const details = [
      { field: 'condition', message: 'Unknown field', message_ru: 'Нет такого поля' },
      { field: 'condition', message: 'second' },
      { field: 'name', message: 'Give it a name' },
    ];
    expect(detailsByField(details, 'ru')).toEqual({ condition: 'Нет такого поля', name: 'Give it a name' });
    expect(detailsByField(details, 'en').condition).toBe('Unknown field');
  });

  it('lists every status in a fixed order with its share', () => {
    expect(statusRows({ queued: 1, sent: 2, failed: 0, unsubscribed: 1, clicked: 0 }, 4).map((r) => [r.status, r.count, r.percent])).toEqual([
      ['queued', 1, 25],
      ['sent', 2, 50],
      ['clicked', 0, 0],
      ['unsubscribed', 1, 25],
      ['failed', 0, 0],
    ]);
    expect(statusRows({ queued: 0, sent: 0, failed: 0, unsubscribed: 0, clicked: 0 }, 0)[0]?.percent).toBe(0);
  });
});
