import { describe, expect, it } from 'vitest';
import { chipColours } from './field-chip.rules.js';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describe('chipColours', () => {
  it('tints the option colour and keeps its text readable (AA) for any hue', () => {
    for (const colour of ['#f5c542', '#1f5fbf', '#22c55e', '#ef4444', '#fff', '#000000']) {
      const chip = chipColours(colour);
      expect(contrast(chip.text, chip.background)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('is neutral grey without a colour or with one it cannot read', () => {
    expect(chipColours(undefined)).toEqual(chipColours('red'));
    expect(chipColours(undefined).background).toBe('#eef0f3');
  });
});
