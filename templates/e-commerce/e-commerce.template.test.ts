import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateApp, validateTemplate } from '@crm/schemas';
import { buildECommerceTemplate } from './e-commerce-template.factory.js';

/*
 * template.json is generated (npx tsx templates/e-commerce/generate.ts): the committed file must be
 * exactly what the generator makes from its fixed seed, so nobody edits the data out of step.
 */

const committed: unknown = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'template.json'), 'utf8'));

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
    const offerDue = deliveries.filter((d) => typeof d['delivered_on'] === 'string' && d['delivered_on'] >= '2026-11-01' && d['delivered_on'] <= '2026-11-10');
    expect(offerDue.length).toBeGreaterThanOrEqual(2);
    expect(deliveries.some((d) => d['status'] === 'in_transit')).toBe(true);
    expect((data?.['customer'] ?? []).filter((c) => String(c['birthday']).slice(5) >= '12-01' && String(c['birthday']).slice(5) <= '12-10').length).toBeGreaterThanOrEqual(2);
    for (const order of orders) {
      const lines = (data?.['order_item'] ?? []).filter((i) => JSON.stringify(i['order']) === JSON.stringify({ $key: order['$key'] }));
      expect(lines.reduce((sum, i) => sum + Number(i['quantity']) * Number(i['price']), 0), String(order['number'])).toBe(order['total']);
    }
  });
});
