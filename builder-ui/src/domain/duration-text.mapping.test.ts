import { describe, expect, it } from 'vitest';
import { durationText, formatDuration, parseDuration, singleUnit } from './duration-text.mapping.js';

describe('durations in words', () => {
  it('reads ISO 8601 durations in Russian with three plural forms and in English', () => {
    expect(durationText('P2DT3H', 'ru')).toBe('2 дня 3 часа');
    expect(durationText('P2DT3H', 'en')).toBe('2 days 3 hours');
    expect(durationText('P1D', 'ru')).toBe('1 день');
    expect(durationText('P5D', 'ru')).toBe('5 дней');
    expect(durationText('PT21M', 'ru')).toBe('21 минута');
    expect(durationText('P1W', 'en')).toBe('1 week');
    expect(durationText('-P1W', 'ru')).toBe('за 1 неделю до');
    expect(durationText('-P3D', 'en')).toBe('3 days before');
  });

  it('refuses what is not a duration', () => {
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDuration('2 days')).toBeUndefined();
    expect(durationText('x', 'ru')).toBeUndefined();
  });

  it('round-trips one amount of one unit', () => {
    expect(formatDuration(2, 'days')).toBe('P2D');
    expect(formatDuration(15, 'minutes')).toBe('PT15M');
    expect(formatDuration(3, 'days', true)).toBe('-P3D');
    expect(singleUnit('PT15M')).toEqual({ amount: 15, unit: 'minutes', negative: false });
    expect(singleUnit('P1M')).toEqual({ amount: 1, unit: 'months', negative: false });
    expect(singleUnit('P1DT2H')).toBeUndefined();
  });
});
