import { describe, expect, it } from 'vitest';
import { createAppI18n } from './i18n.js';

/* The app's i18n instance: precompiled messages in both languages and Russian plural forms. */

describe('createAppI18n', () => {
  it('pluralises Russian with three forms and English with two', () => {
    const i18n = createAppI18n('ru');
    const t = i18n.global.t;
    expect([1, 3, 5, 11, 21, 22, 25].map((n) => t('builder.home.entityCount', n))).toEqual([
      '1 сущность', '3 сущности', '5 сущностей', '11 сущностей', '21 сущность', '22 сущности', '25 сущностей',
    ]);
    i18n.global.locale.value = 'en';
    expect([1, 2, 5].map((n) => t('builder.home.processCount', n))).toEqual(['1 process', '2 processes', '5 processes']);
  });

  it('fills named placeholders', () => {
    const i18n = createAppI18n('en');
    expect(i18n.global.t('signIn.throttled', { wait: i18n.global.t('common.seconds', 30) })).toBe('Too many sign-in attempts. Try again in 30 seconds.');
  });
});
