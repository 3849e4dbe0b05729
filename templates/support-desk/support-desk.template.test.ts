import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looksLikeRelativeDate, validateApp, validateTemplate } from '@crm/schemas';
import { loadTemplate } from '../src/index.js';
import { buildSupportDeskTemplate } from './support-desk-template.factory.js';

/*
 * template.json is generated (npx tsx templates/support-desk/generate.ts): the committed file must be
 * exactly what the generator makes from its fixed seed, so nobody edits the data out of step.
 */

const committed: unknown = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'template.json'), 'utf8'));

describe('support-desk template', () => {
  it('template.json is what generate.ts makes from the fixed seed', () => {
    // ACT
    const generated: unknown = JSON.parse(JSON.stringify(buildSupportDeskTemplate()));

    // ASSERT
    expect(committed).toEqual(generated);
  });

  it('generates the same data twice (the seed, not the clock, decides)', () => {
    expect(buildSupportDeskTemplate()).toEqual(buildSupportDeskTemplate());
  });

  it('the app and the whole template validate', () => {
    // ACT
    const app = validateApp(buildSupportDeskTemplate().app);
    const template = validateTemplate(committed);

    // ASSERT
    expect(app.ok ? [] : app.issues).toEqual([]);
    expect(template.ok ? [] : template.issues).toEqual([]);
  });

  it('gives every automation demo tickets to fire on and every agent work', () => {
    // ARRANGE
    const { data, users } = buildSupportDeskTemplate();
    const tickets = data?.['ticket'] ?? [];

    // ASSERT: critical tickets still open (escalation), a new critical one (first-response reminder),
    // resolved ones to close (survey), closed ones with answered surveys (ratings on the dashboard).
    expect(tickets.filter((t) => t['priority'] === 'critical' && t['status'] !== 'resolved' && t['status'] !== 'closed').length).toBeGreaterThanOrEqual(2);
    expect(tickets.some((t) => t['priority'] === 'critical' && t['status'] === 'new')).toBe(true);
    expect(tickets.filter((t) => t['status'] === 'resolved').length).toBeGreaterThanOrEqual(2);
    expect((data?.['survey'] ?? []).length).toBe(tickets.filter((t) => t['status'] === 'closed').length);
    const agents = (users ?? []).filter((u) => u.roles.includes('support_agent')).map((u) => u.email);
    for (const agent of agents) expect(tickets.some((t) => t['owner'] === agent), agent).toBe(true);
  });

  it('dates its demo relative to the install, birthdays aside (the yearly trigger finds those in any year)', () => {
    // ARRANGE
    const { app, data } = loadTemplate('support-desk');
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
