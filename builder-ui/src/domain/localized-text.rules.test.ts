import { describe, expect, it } from 'vitest';
import { localizedText } from './localized-text.rules.js';

describe('definition texts in the interface language', () => {
  it('reads ru, falls back to en, then to the name', () => {
    expect(localizedText({ ru: 'Сделка', en: 'Deal' }, 'ru', 'deal')).toBe('Сделка');
    expect(localizedText({ en: 'Deal' }, 'ru', 'deal')).toBe('Deal');
    expect(localizedText({ ru: 'Сделка', en: 'Deal' }, 'en', 'deal')).toBe('Deal');
    expect(localizedText(undefined, 'en', 'deal')).toBe('deal');
  });
});
