import { describe, expect, it } from 'vitest';
import { formatFigure } from './figure.printer.js';
import { figure } from './figure.types.js';

describe('figures', () => {
  it('computes the ratio to the baseline and judges a ratio goal', () => {
    const f = figure({ scenario: 'routed-create', db: 'postgres', metric: 'req/s', value: 600, baseline: 2400, baselineName: 'bare', goal: { text: 'ratio ≥ 0.5', on: 'ratio', kind: 'min', limit: 0.5 } });
    expect(f.ratio).toBe(0.25);
    expect(f.met).toBe(false);
    expect(formatFigure(f)).toContain('MISSED');
  });

  it('judges an upper bound on the value, strictly', () => {
    const goal = { text: '< 50 ms', on: 'value' as const, kind: 'max' as const, limit: 50 };
    expect(figure({ scenario: 'lists', db: 'pglite', metric: 'p95 ms', value: 49.9, goal }).met).toBe(true);
    expect(figure({ scenario: 'lists', db: 'pglite', metric: 'p95 ms', value: 50, goal }).met).toBe(false);
  });

  it('has no ratio without a usable baseline, and a ratio goal then counts as missed', () => {
    const goal = { text: 'ratio ≥ 1.5', on: 'ratio' as const, kind: 'min' as const, limit: 1.5 };
    expect(figure({ scenario: 'peers', db: 'postgres', metric: 'flows/s', value: 10, baseline: 0, goal })).toMatchObject({ ratio: null, met: false });
    expect(figure({ scenario: 'scripts', db: 'none', metric: 'ms', value: 1 })).toMatchObject({ ratio: null, met: null, baseline: null });
  });
});
