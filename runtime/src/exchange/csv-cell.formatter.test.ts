import { describe, expect, it } from 'vitest';
import { guardFormula, unguardFormula } from './csv-cell.formatter.js';

describe('CSV formula guard', () => {
  it('puts an apostrophe before text a spreadsheet would run, and leaves numbers and phones alone', () => {
    expect(guardFormula('=HYPERLINK("http://evil","x")')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(guardFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(guardFormula("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(guardFormula('+cmd')).toBe("'+cmd");
    expect(guardFormula('+79123456789')).toBe('+79123456789');
    expect(guardFormula('+7 (912) 345-67-89')).toBe('+7 (912) 345-67-89');
    expect(guardFormula('-15')).toBe('-15');
    expect(guardFormula('ООО «Ромашка»')).toBe('ООО «Ромашка»');
  });

  it('is undone by the import for every guarded value', () => {
    for (const text of ['=1+1', '@x', '+cmd', '-a', '\tx', 'plain', "'quoted"]) expect(unguardFormula(guardFormula(text))).toBe(text);
  });
});
