import { describe, expect, it } from 'vitest';
import { groupRuns, inSection, keptInRow } from './shell-nav.rules.js';

describe('keptInRow', () => {
  const same = [0, 0, 0, 0];
  it('keeps every link when the row holds them all, with no room kept for "More"', () => {
    expect(keptInRow([80, 100, 90], [0, 0, 0], 278, 70, 4)).toEqual([true, true, true]);
  });

  it('moves the last links behind "More" when ranks are equal, keeping room for the button', () => {
    // 80 + 4 + 100 + 4 + 90 + 4 + 60 = 342 > 280; 80 + 4 + 100 + 4 + 70 ("More") = 258 fits.
    expect(keptInRow([80, 100, 90, 60], same, 280, 70, 4)).toEqual([true, true, false, false]);
  });

  it('moves the highest ranks first, whatever their place in the row', () => {
    // Home (0), two entities (10, 11), then My work (5) and the import wizard (100).
    expect(keptInRow([60, 80, 80, 80, 80], [0, 10, 11, 5, 100], 320, 70, 4)).toEqual([true, true, false, true, false]);
  });

  it('keeps at least the lowest-ranked link however narrow the row', () => {
    expect(keptInRow([300, 100], [1, 0], 120, 70, 4)).toEqual([false, true]);
    expect(keptInRow([], [], 0, 70, 4)).toEqual([]);
  });
});

describe('inSection', () => {
  it('marks a list and the pages below it, and home only on home', () => {
    expect(inSection('/lists/deal', '/lists/deal')).toBe(true);
    expect(inSection('/lists/deal/', '/lists/deal')).toBe(true);
    expect(inSection('/lists/deal/saved', '/lists/deal')).toBe(true);
    expect(inSection('/lists/deals', '/lists/deal')).toBe(false);
    expect(inSection('/lists/deal', '/', true)).toBe(false);
    expect(inSection('/', '/', true)).toBe(true);
    expect(inSection('/builder/entities', '/builder', true)).toBe(false);
  });
});

describe('groupRuns', () => {
  it('cuts the links into headed runs in their order', () => {
    const runs = groupRuns([{ id: 'home' }, { id: 'deal', group: 'Records' }, { id: 'company', group: 'Records' }, { id: 'calendar', group: 'Work' }]);
    expect(runs.map((r) => [r.label, r.items.map((i) => i.id)])).toEqual([
      [undefined, ['home']],
      ['Records', ['deal', 'company']],
      ['Work', ['calendar']],
    ]);
  });
});
