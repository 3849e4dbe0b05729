import { describe, expect, it } from 'vitest';
import type { StartInput } from '../../generated/definition.types.js';
import { withStartForm } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';
import { startDefaultOf, withStartDefaults } from './start-input-default.rules.js';
import { startInputValidator } from './start-input.rules.js';

/*
 * A start-form question's default answer: checked with the definition as the question would check
 * an answer, the words "$user" / "$today" / "$now" only on their own types, and a start that leaves
 * a question out gets the default while one that clears it (null) does not.
 */

const FORM: StartInput[] = [
  { name: 'owner', type: 'user', default: '$user' },
  { name: 'due', type: 'date', default: '$today' },
  { name: 'at', type: 'datetime', default: '$now' },
  { name: 'urgency', type: 'enum', options: [{ value: 'low' }, { value: 'high' }], default: 'low' },
  { name: 'channels', type: 'multienum', options: [{ value: 'call' }, { value: 'email' }], default: ['email'] },
  { name: 'discount', type: 'percent', default: 5 },
  { name: 'notify', type: 'boolean', default: true },
  { name: 'phone', type: 'phone', default: '8 (912) 345-67-89' },
];

describe('default answers in the definition', () => {
  it('accepts defaults each question would accept as an answer, and the word of its type', () => {
    const result = validateApp(withStartForm(FORM).app);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('points at each default its question would refuse, saying why in both languages', () => {
    const { app, index } = withStartForm([
      { name: 'urgency', type: 'enum', options: [{ value: 'low' }], default: 'urgent' },
      { name: 'due', type: 'date', default: '$now' },
      { name: 'count', type: 'integer', default: 'many' },
      { name: 'mail', type: 'email', default: 'not an address' },
      { name: 'text', type: 'text', default: '$user' },
      { name: 'deal', type: 'relation', target: 'company', default: 'x' },
      { name: 'channels', type: 'multienum', options: [{ value: 'call' }], default: 'call' },
    ]);
    const result = validateApp(app);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const at = `/processes/${index}/trigger/inputs`;
    expect(result.issues.map((i) => [i.code, i.pointer])).toEqual([
      ['INVALID_DEFAULT', `${at}/0/default`],
      ['INVALID_DEFAULT', `${at}/1/default`],
      ['INVALID_DEFAULT', `${at}/2/default`],
      ['INVALID_DEFAULT', `${at}/3/default`],
      ['INVALID_DEFAULT', `${at}/4/default`],
      ['START_INPUT_UNUSED_PROPERTY', `${at}/5/default`],
      ['INVALID_DEFAULT', `${at}/6/default`],
    ]);
    expect(result.issues[1]?.message.ru).toContain('можно только «$today», не «$now»');
    expect(result.issues[4]?.message.en).toContain('has no "$user"');
    expect(result.issues[0]?.message.ru).toContain('Ответ по умолчанию на вопрос «urgency»');
  });
});

describe('default answers at the start', () => {
  const ctx = { userId: '0b5f6c1e-8a52-4d7e-9c1a-2f3e4d5c6b7a', now: new Date('2026-03-31T22:30:00Z'), timezone: 'Europe/Moscow' };

  it('resolves the words at the moment of the start: the starter, the date in the app timezone, the instant', () => {
    expect(FORM.map((input) => startDefaultOf(input, ctx))).toEqual(['0b5f6c1e-8a52-4d7e-9c1a-2f3e4d5c6b7a', '2026-04-01', '2026-03-31T22:30:00.000Z', 'low', ['email'], 5, true, '8 (912) 345-67-89']);
    expect(startDefaultOf({ name: 'x', type: 'text' }, ctx)).toBeUndefined();
  });

  it('fills the questions a start left out, keeps what it sent, and keeps a cleared answer empty', () => {
    const answers = withStartDefaults(FORM, { urgency: 'high', discount: null }, ctx);
    const result = startInputValidator(withStartForm(FORM).app, 'p', FORM)(answers);
    expect(result).toEqual({
      ok: true,
      value: { owner: '0b5f6c1e-8a52-4d7e-9c1a-2f3e4d5c6b7a', due: '2026-04-01', at: '2026-03-31T22:30:00.000Z', urgency: 'high', channels: ['email'], discount: null, notify: true, phone: '+79123456789' },
    });
    expect(withStartDefaults(FORM, undefined, { ...ctx, userId: null })).not.toHaveProperty('owner');
    expect(withStartDefaults(FORM, 'text', ctx)).toBe('text');
  });
});
