import { describe, expect, it } from 'vitest';
import { loadErrorMessage } from './load-error.mapping.js';

const t = (key: string, named?: Record<string, unknown>) => (named ? `${key}:${JSON.stringify(named)}` : key);

describe('loadErrorMessage', () => {
  it('names a refusal, a lost connection, and anything else by its code', () => {
    expect(loadErrorMessage({ status: 403, code: 'FORBIDDEN' }, t)).toBe('errors.forbidden');
    expect(loadErrorMessage({ status: 0, code: 'NETWORK' }, t)).toBe('errors.network');
    expect(loadErrorMessage({ status: 500, code: 'INTERNAL' }, t)).toBe('errors.unexpected:{"code":"INTERNAL"}');
    expect(loadErrorMessage(new Error('x'), t)).toBe('errors.unexpected:{"code":"UNKNOWN"}');
  });
});
