import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDuration, instantOfFieldValue, subtractDuration } from './iso-duration.js';
import { rememberedZone } from './remembered-zone.js';

/* Offsets remembered by the minute must be the offsets luxon computes from Intl, at every instant. */

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/Moscow', 'America/St_Johns', 'UTC'];

/** Instants around each daylight-saving change of 2026 in the zone: 90 s either side of the exact millisecond. */
function aroundTransitions(zone: string): number[] {
  const offsetAt = (ts: number) => DateTime.fromMillis(ts, { zone }).offset;
  const instants: number[] = [];
  for (let hour = 0; hour < 365 * 24; hour++) {
    let before = Date.UTC(2026, 0, 1) + hour * 3_600_000;
    let after = before + 3_600_000;
    if (offsetAt(before) === offsetAt(after)) continue;
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (offsetAt(middle) === offsetAt(before)) before = middle;
      else after = middle;
    }
    for (let ms = -90_000; ms <= 90_000; ms += 4_999) instants.push(after + ms);
    instants.push(before, after);
  }
  return instants;
}

describe('remembered zone', () => {
  it('gives the offset Intl gives, on both sides of every transition and within the minute of it', () => {
    expect(aroundTransitions('Europe/Berlin').length).toBeGreaterThan(70);
    expect(aroundTransitions('America/St_Johns').length).toBeGreaterThan(70);
    for (const name of ZONES) {
      const zone = rememberedZone(name);
      for (const ts of [...aroundTransitions(name), Date.UTC(2026, 11, 7, 11, 20, 59, 999), Date.UTC(1975, 5, 1)]) {
        // Twice: the second answer comes from what the first remembered.
        for (let i = 0; i < 2; i++) expect(DateTime.fromMillis(ts, { zone }).offset, `${name} ${new Date(ts).toISOString()}`).toBe(DateTime.fromMillis(ts, { zone: name }).offset);
      }
    }
  });

  it('moves dates across a daylight-saving change the way luxon does', () => {
    // 29 March 2026, Berlin: 02:00 becomes 03:00. P1D is a calendar day, PT24H is 24 hours.
    const before = new Date('2026-03-28T10:30:00.250Z');
    expect(addDuration(before, 'P1D', 'Europe/Berlin').toISOString()).toBe('2026-03-29T09:30:00.250Z');
    expect(addDuration(before, 'PT24H', 'Europe/Berlin').toISOString()).toBe('2026-03-29T10:30:00.250Z');
    expect(subtractDuration(new Date('2026-03-29T09:30:00.250Z'), 'P1D', 'Europe/Berlin').toISOString()).toBe('2026-03-28T10:30:00.250Z');
    expect(addDuration(new Date('2026-11-01T03:00:00Z'), '-P1D', 'America/New_York').toISOString()).toBe('2026-10-31T03:00:00.000Z');
    expect(instantOfFieldValue('2026-03-29', 'Europe/Berlin', '09:00')?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    for (const name of ZONES) {
      for (const ts of aroundTransitions(name).slice(0, 40)) {
        for (const duration of ['P1D', 'PT90M', 'P1M', '-P1W']) {
          const start = DateTime.fromMillis(ts, { zone: name });
          const expected = (duration.startsWith('-') ? start.minus(Duration.fromISO(duration.slice(1))) : start.plus(Duration.fromISO(duration))).toMillis();
          expect(addDuration(new Date(ts), duration, name).getTime(), `${name} ${duration} ${new Date(ts).toISOString()}`).toBe(expected);
        }
      }
    }
  });

  it('leaves a name luxon does not know as it is, so the result is still invalid', () => {
    expect(rememberedZone('Mars/Olympus')).toBe('Mars/Olympus');
    expect(Number.isNaN(addDuration(new Date(), 'P1D', 'Mars/Olympus').getTime())).toBe(true);
    expect(rememberedZone('Europe/Berlin')).toBe(rememberedZone('Europe/Berlin'));
  });
});
