import { describe, expect, it } from 'vitest';
import { canClickToCall, formatCallDuration } from './telephony-call.rules.js';

describe('telephony call rules', () => {
  it('offers Call only with an integration and my extension on it', () => {
    expect(canClickToCall({ integration: 'office', extension: '101' })).toBe(true);
    expect(canClickToCall({ integration: 'office', extension: null })).toBe(false);
    expect(canClickToCall({ integration: null, extension: null })).toBe(false);
    expect(canClickToCall(null)).toBe(false);
  });
  it('shows talk time as mm:ss', () => {
    expect(formatCallDuration(0)).toBe('00:00');
    expect(formatCallDuration(75)).toBe('01:15');
    expect(formatCallDuration(3725)).toBe('62:05');
    expect(formatCallDuration(Number.NaN)).toBe('00:00');
  });
});
