import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looksLikeRelativeDate, parseRelativeDate, resolveRelativeDate, validateApp, validateTemplate } from '@crm/schemas';
import { loadTemplate } from '../src/index.js';
import { REFERENCE_DATE } from './e-commerce-demo.factory.js';
import { buildECommerceTemplate } from './e-commerce-template.factory.js';

/*
 * template.json is generated (npx tsx templates/e-commerce/generate.ts): the committed file must be
 * exactly what the generator makes from its fixed seed, so nobody edits the data out of step.
 */

const committed: unknown = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'template.json'), 'utf8'));

/** A demo date field as an install at REFERENCE_DATE (morning in Moscow) stores it; '' when there is none. */
function dateAtReference(value: unknown): string {
  const parsed = looksLikeRelativeDate(value) ? parseRelativeDate(value) : 'shape';
  return typeof parsed === 'string' ? '' : resolveRelativeDate(parsed, new Date(`${REFERENCE_DATE}T09:00:00+03:00`), 'Europe/Moscow', 'date');
}

describe('e-commerce template', () => {
  it('template.json is what generate.ts makes from the fixed seed', () => {
    // ACT
    const generated: unknown = JSON.parse(JSON.stringify(buildECommerceTemplate()));

    // ASSERT
    expect(committed).toEqual(generated);
  });

  it('generates the same data twice (the seed, not the clock, decides)', () => {
    expect(buildECommerceTemplate()).toEqual(buildECommerceTemplate());
  });

  it('the app and the whole template validate', () => {
    // ACT
    const app = validateApp(buildECommerceTemplate().app);
    const template = validateTemplate(committed);

    // ASSERT
    expect(app.ok ? [] : app.issues).toEqual([]);
    expect(template.ok ? [] : template.issues).toEqual([]);
  });

  it('gives every automation demo records to fire on', () => {
    // ARRANGE
    const { data } = buildECommerceTemplate();
    const deliveries = data?.['delivery'] ?? [];
    const orders = data?.['order'] ?? [];

    // ASSERT: deliveries handed over 30 days before the reference date's first ten days (repeat
    // purchase), shipments still in transit (to hand over), birthdays in those ten days, every order's
    // total equal to its lines, and orders over 100 000 owned by a senior manager.
    const offerDue = deliveries.filter((d) => dateAtReference(d['delivered_on']) >= '2026-11-01' && dateAtReference(d['delivered_on']) <= '2026-11-10');
    expect(offerDue.length).toBeGreaterThanOrEqual(2);
    expect(deliveries.some((d) => d['status'] === 'in_transit')).toBe(true);
    expect((data?.['customer'] ?? []).filter((c) => String(c['birthday']).slice(5) >= '12-01' && String(c['birthday']).slice(5) <= '12-10').length).toBeGreaterThanOrEqual(2);
    for (const order of orders) {
      const lines = (data?.['order_item'] ?? []).filter((i) => JSON.stringify(i['order']) === JSON.stringify({ $key: order['$key'] }));
      expect(lines.reduce((sum, i) => sum + Number(i['quantity']) * Number(i['price']), 0), String(order['number'])).toBe(order['total']);
    }
  });

  it('dates its demo relative to the install, birthdays aside (the yearly trigger finds those in any year)', () => {
    // ARRANGE
    const { app, data } = loadTemplate('e-commerce');
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
