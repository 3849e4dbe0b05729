import { describe, expect, it } from 'vitest';
import type { App } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';
import { MAX_ENTITY_NAME_LENGTH } from './entity-name.rules.js';

/* Entity names leave room for the `rec_` table prefix within PostgreSQL's 63-character identifiers. */

function withEntityNamed(name: string): App {
  const app = fullApp();
  app.entities.push({ name, label: { en: 'Long', ru: 'Длинная' }, fields: [{ name: 'title', type: 'text' }] });
  return app;
}

describe('entity name length', () => {
  it('accepts a name of 59 characters, whose table rec_<name> is exactly 63', () => {
    // ARRANGE
    const name = `e${'x'.repeat(MAX_ENTITY_NAME_LENGTH - 1)}`;
    // ACT
    const result = validateApp(withEntityNamed(name));
    // ASSERT
    expect(name).toHaveLength(59);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('refuses a name of 60 characters, naming the entity in both languages', () => {
    // ARRANGE
    const name = `e${'x'.repeat(MAX_ENTITY_NAME_LENGTH)}`;
    const app = withEntityNamed(name);
    // ACT
    const result = validateApp(app);
    // ASSERT
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([['ENTITY_NAME_TOO_LONG', `/entities/${app.entities.length - 1}/name`]]);
    expect(issues[0]?.message.en).toContain(`"${name}"`);
    expect(issues[0]?.message.ru).toContain(`«${name}»`);
  });
});
