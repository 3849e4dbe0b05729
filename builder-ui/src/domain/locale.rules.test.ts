import { describe, expect, it } from 'vitest';
import { asUiLocale, pickBrowserLocale } from './locale.rules.js';

describe('pickBrowserLocale', () => {
  it('takes the first language we speak, by primary subtag', () => {
    expect(pickBrowserLocale(['de-DE', 'en-GB', 'ru'])).toBe('en');
    expect(pickBrowserLocale(['RU-ru'])).toBe('ru');
  });

  it('falls back to Russian', () => {
    expect(pickBrowserLocale(['fr', 'de'])).toBe('ru');
    expect(pickBrowserLocale([])).toBe('ru');
  });

  it('accepts only the locales we have messages for', () => {
    expect(asUiLocale('en')).toBe('en');
    expect(asUiLocale('de')).toBeNull();
    expect(asUiLocale(undefined)).toBeNull();
  });
});
