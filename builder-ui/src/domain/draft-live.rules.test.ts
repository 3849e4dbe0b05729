import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@crm/schemas';
import { draftDiffersFromLive } from './draft-live.rules.js';

describe('draftDiffersFromLive', () => {
  const live = { name: 'crm', entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [] }] };
  const liveJson = canonicalJson(live);

  it('is false for the same document whatever the key order, and with undefined members left out', () => {
    expect(draftDiffersFromLive({ entities: [{ fields: [], label: { en: 'Deal', ru: 'Сделка' }, name: 'deal' }], name: 'crm', views: undefined }, liveJson)).toBe(false);
  });

  it('is true when a value or the order of a list differs', () => {
    expect(draftDiffersFromLive({ ...live, name: 'crm2' }, liveJson)).toBe(true);
    expect(draftDiffersFromLive({ ...live, entities: [...live.entities, { name: 'company', label: { ru: 'К', en: 'C' }, fields: [] }] }, liveJson)).toBe(true);
  });

  it('is false when nothing is live or nothing is loaded', () => {
    expect(draftDiffersFromLive(live, null)).toBe(false);
    expect(draftDiffersFromLive(null, liveJson)).toBe(false);
  });
});
