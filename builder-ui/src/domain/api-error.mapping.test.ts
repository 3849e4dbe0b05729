import { describe, expect, it } from 'vitest';
import { fieldMessages, formLevelMessages, refusalLine } from './api-error.mapping.js';

const details = [
  { code: 'TOO_MANY_ATTEMPTS', field: 'email', message: 'Try again in 60 seconds.', message_ru: 'Повторите через 60 с.' },
  { code: 'X', field: 'email', message: 'second', message_ru: 'второе' },
  { code: 'TOO_MANY_ATTEMPTS', field: 'address', message: 'From this address.', message_ru: 'С этого адреса.' },
  { code: 'ONLY_EN', field: 'password', message: 'English only' },
];

describe('fieldMessages', () => {
  it('puts the first message for each field of the form in the user language', () => {
    expect(fieldMessages(details, 'ru', ['email', 'password'])).toEqual({ email: 'Повторите через 60 с.', password: 'English only' });
    expect(fieldMessages(details, 'en', ['email'])).toEqual({ email: 'Try again in 60 seconds.' });
  });

  it('leaves details about fields the form does not have to the form level', () => {
    expect(formLevelMessages(details, 'ru', ['email', 'password'])).toEqual(['С этого адреса.']);
  });
});

describe('refusalLine', () => {
  it('says the first detail in the user’s language, else the error’s message', () => {
    const refused = { message: 'Only admins may do this.', details: [{ code: 'ADMIN_ONLY', message: 'Only admins may do this.', message_ru: 'Это могут делать только администраторы.' }] };
    expect(refusalLine(refused, 'ru')).toBe('Это могут делать только администраторы.');
    expect(refusalLine(refused, 'en')).toBe('Only admins may do this.');
    expect(refusalLine({ message: 'HTTP 500', details: [] }, 'ru')).toBe('HTTP 500');
  });
});
