import { describe, expect, it } from 'vitest';
import { actionErrorLine, fieldMessages, formLevelMessages, refusalLine } from './api-error.mapping.js';

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

describe('actionErrorLine', () => {
  const t = (key: string, named?: Record<string, unknown>) => `${key}${named ? JSON.stringify(named) : ''}`;
  it('says a refusal in its own words, anything else as the load-error sentence', () => {
    const refused = { status: 409, code: 'CONFLICT', message: 'The run is running.', details: [{ code: 'CONFLICT', message: 'The run is running.', message_ru: 'Запуск уже выполняется.' }] };
    expect(actionErrorLine(refused, 'ru', t)).toBe('Запуск уже выполняется.');
    expect(actionErrorLine({ status: 500, code: 'INTERNAL', message: 'boom', details: [] }, 'ru', t)).toBe('errors.unexpected{"code":"INTERNAL"}');
    expect(actionErrorLine({ status: 0, code: 'NETWORK', message: 'offline', details: [] }, 'en', t)).toBe('errors.network');
    expect(actionErrorLine(new Error('bug'), 'en', t)).toBe('errors.unexpected{"code":"UNKNOWN"}');
  });
});
