import { describe, expect, it } from 'vitest';
import { afterSignInPath, missingSignInFields, signInProblemsFor } from './sign-in-errors.mapping.js';

const t = (key: string, named?: Record<string, unknown>) => (named ? `${key}:${JSON.stringify(named)}` : key);
const tc = (key: string, n: number) => `${key}#${n}`;

describe('signInProblemsFor', () => {
  it('puts a wrong email or password under the password field', () => {
    expect(signInProblemsFor({ status: 401, code: 'UNAUTHORIZED', details: [], retryAfterSeconds: null }, 'ru', t, tc)).toEqual({
      fields: { password: 'signIn.wrongCredentials' },
      form: [],
    });
  });

  it('explains a throttled attempt next to the field the runtime names, in the user language', () => {
    const details = [{ code: 'TOO_MANY_ATTEMPTS', field: 'email', limitedBy: 'pair', message: 'Too many; 60 s.', message_ru: 'Слишком много; 60 с.' }];
    expect(signInProblemsFor({ status: 429, code: 'TOO_MANY_REQUESTS', details, retryAfterSeconds: 60 }, 'ru', t, tc).fields.email).toBe('Слишком много; 60 с.');
    const address = [{ ...details[0], field: 'address', message_ru: 'С этого адреса' }];
    expect(signInProblemsFor({ status: 429, code: 'TOO_MANY_REQUESTS', details: address, retryAfterSeconds: 5 }, 'ru', t, tc).form).toEqual(['С этого адреса']);
  });

  it('says how long to wait when a 429 has no details', () => {
    expect(signInProblemsFor({ status: 429, code: 'TOO_MANY_REQUESTS', details: [], retryAfterSeconds: 30 }, 'en', t, tc).form).toEqual([
      'signIn.throttled:{"wait":"common.seconds#30"}',
    ]);
  });

  it('reports a lost connection and unexpected errors above the form', () => {
    expect(signInProblemsFor({ status: 0, code: 'NETWORK', details: [], retryAfterSeconds: null }, 'en', t, tc).form).toEqual(['errors.network']);
    expect(signInProblemsFor({ status: 500, code: 'INTERNAL', details: [], retryAfterSeconds: null }, 'en', t, tc).form).toEqual([
      'errors.unexpected:{"code":"INTERNAL"}',
    ]);
  });
});

describe('missingSignInFields / afterSignInPath', () => {
  it('asks for both fields', () => {
    expect(missingSignInFields(' ', '', t)).toEqual({ email: 'signIn.emailRequired', password: 'signIn.passwordRequired' });
    expect(missingSignInFields('a@b.c', 'x', t)).toEqual({});
  });

  it('goes back only to our own pages', () => {
    expect(afterSignInPath('/builder/roles')).toBe('/builder/roles');
    expect(afterSignInPath('//evil.example')).toBe('/');
    expect(afterSignInPath('https://evil.example')).toBe('/');
    expect(afterSignInPath(undefined)).toBe('/');
  });
});
