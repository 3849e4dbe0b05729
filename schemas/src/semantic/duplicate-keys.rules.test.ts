import { describe, expect, it } from 'vitest';
import type { App } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';

/* A configured duplicate key names fields of its entity that can be compared by equality. */

function withContactKeys(keys: string[][]): App {
  const app = fullApp();
  const contact = app.entities.find((e) => e.name === 'contact');
  if (!contact) throw new Error('fixture has no contact');
  contact.duplicateKeys = keys;
  return app;
}

function codesOf(app: App): Array<[string, string]> {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.pointer]);
}

describe('duplicate keys', () => {
  it('accepts a single field and a text plus many-to-one relation key', () => {
    expect(codesOf(withContactKeys([['full_name'], ['company', 'full_name'], ['birthday']]))).toEqual([]);
  });

  it('refuses an unknown field and a field that cannot be compared, pointing at each', () => {
    const app = withContactKeys([['full_name', 'nickname']]);
    const company = app.entities.find((e) => e.name === 'company');
    if (company) company.duplicateKeys = [['deals']];
    const e = (name: string): number => app.entities.findIndex((x) => x.name === name);
    expect(codesOf(app)).toEqual([
      ['DUPLICATE_KEY_FIELD_NOT_COMPARABLE', `/entities/${e('company')}/duplicateKeys/0/0`],
      ['UNKNOWN_FIELD', `/entities/${e('contact')}/duplicateKeys/0/1`],
    ]);
    const result = validateApp(app);
    const messages = result.ok ? [] : result.issues.map((i) => i.message.ru);
    expect(messages[0]).toContain('«deals»');
  });
});
