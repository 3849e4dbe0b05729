import { describe, expect, it } from 'vitest';
import type { TemplateBundle } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateTemplate } from '../validation/app.validator.js';

function template(deal: Record<string, unknown>): TemplateBundle {
  return { name: 'full', label: { ru: 'Полный', en: 'Full' }, app: fullApp(), data: { deal: [{ title: 'Servers', stage: 'lead', ...deal }] } };
}

describe('relative demo dates in a template', () => {
  it('accepts $today / $now with a signed ISO 8601 duration on date and datetime fields', () => {
    // ACT
    const result = validateTemplate(template({ close_date: { $today: 'P14D' }, last_contact_at: { $now: '-PT2H' } }));

    // ASSERT
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('names the demo value that is not a duration, has two anchors or sits on a field that holds no date', () => {
    // ACT
    const result = validateTemplate(template({ close_date: { $today: 'next week' }, last_contact_at: { $today: 'P1D', $now: 'P1D' }, title: { $now: 'P0D' } }));

    // ASSERT
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.pointer])).toEqual([
      ['INVALID_RELATIVE_DATE', '/data/deal/0/title'],
      ['INVALID_RELATIVE_DATE', '/data/deal/0/close_date'],
      ['INVALID_RELATIVE_DATE', '/data/deal/0/last_contact_at'],
    ]);
  });
});
