import { describe, expect, it } from 'vitest';
import { PROCESS_NAME_PATTERN, processNameFrom } from './process-name.rules.js';

describe('process-name.rules', () => {
  it('derives a valid, free system name from either language', () => {
    expect(processNameFrom('Крупные сделки — старшему')).toBe('krupnye_sdelki_starshemu');
    expect(processNameFrom('Big deals!')).toBe('big_deals');
    expect(processNameFrom('100 дней')).toBe('process_100_dney');
    expect(processNameFrom('')).toBe('process');
    expect(processNameFrom('Big deals', new Set(['big_deals', 'big_deals_2']))).toBe('big_deals_3');
    for (const label of ['Щука ёж', 'x'.repeat(80), '___']) expect(processNameFrom(label)).toMatch(PROCESS_NAME_PATTERN);
  });
});
