import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeRelativeDate, validateApp } from '@crm/schemas';
import { loadTemplate, readTemplate } from '../src/index.js';
import { generateDemo, TEMPLATE_PATH } from './generate.js';

/*
 * The committed template.json is what generate.ts writes: nobody edits the demo data by hand out of
 * step with the seeded generator, and the app it carries validates.
 */
describe('services template', () => {
  const committed = JSON.parse(fs.readFileSync(TEMPLATE_PATH, 'utf8')) as { app: unknown; teams: unknown; users: unknown; data: unknown };

  it('holds exactly the demo the seeded generator makes', () => {
    // ACT
    const demo = generateDemo();

    // ASSERT
    expect({ teams: committed.teams, users: committed.users, data: committed.data }).toEqual(JSON.parse(JSON.stringify(demo)));
  });

  it('generates the same demo on every run', () => {
    // ASSERT
    expect(generateDemo()).toEqual(generateDemo());
  });

  it('carries a valid app, and validates as a template with its demo data', () => {
    // ACT
    const app = validateApp(committed.app);
    const template = readTemplate('services');

    // ASSERT
    expect(app.ok ? [] : app.issues).toEqual([]);
    expect(template.ok ? [] : 'issues' in template ? template.issues : ['not found']).toEqual([]);
  });

  it('dates its demo relative to the install, birthdays aside (the yearly trigger finds those in any year)', () => {
    // ARRANGE
    const { app, data } = loadTemplate('services');
    const dated = app.entities.flatMap((entity) =>
      entity.fields
        .filter((field) => (field.type === 'date' || field.type === 'datetime') && field.name !== 'birthday')
        .flatMap((field) => (data?.[entity.name] ?? []).flatMap((row, i) => (row[field.name] === undefined ? [] : [{ at: `${entity.name}[${i}].${field.name}`, value: row[field.name] }]))),
    );

    // ASSERT: an absolute date would be stale when the template is installed weeks after it was generated.
    expect(dated.length).toBeGreaterThan(0);
    expect(dated.filter((d) => !looksLikeRelativeDate(d.value)).map((d) => d.at)).toEqual([]);
  });
});
