import { describe, expect, it } from 'vitest';
import { scrollCue } from './scroll-cue.rules.js';

describe('scrollCue', () => {
  it('says nothing when everything fits', () => {
    expect(scrollCue({ scrollLeft: 0, scrollWidth: 800, clientWidth: 800 })).toBe('none');
    expect(scrollCue({ scrollLeft: 0, scrollWidth: 800.5, clientWidth: 800 })).toBe('none');
  });

  it('points after at the start, before at the end, both in between', () => {
    expect(scrollCue({ scrollLeft: 0, scrollWidth: 1400, clientWidth: 800 })).toBe('after');
    expect(scrollCue({ scrollLeft: 300, scrollWidth: 1400, clientWidth: 800 })).toBe('both');
    expect(scrollCue({ scrollLeft: 600, scrollWidth: 1400, clientWidth: 800 })).toBe('before');
  });

  it('takes a fractional position at either end as the end', () => {
    expect(scrollCue({ scrollLeft: 0.6, scrollWidth: 1400, clientWidth: 800 })).toBe('after');
    expect(scrollCue({ scrollLeft: 599.4, scrollWidth: 1400, clientWidth: 800 })).toBe('before');
  });
});
