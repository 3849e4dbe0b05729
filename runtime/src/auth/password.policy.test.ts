import { describe, expect, it } from 'vitest';
import { assertPasswordPolicy, passwordProblems } from './password.policy.js';
import { isCommonPassword } from './common-passwords.list.js';

describe('password policy', () => {
  it('accepts 8 to 128 characters with no composition rules', () => {
    expect(passwordProblems('lowercaseonlyphrase')).toEqual([]);
    expect(passwordProblems('x'.repeat(7) + 'y')).toEqual([]);
    expect(passwordProblems('a'.repeat(64) + 'b'.repeat(64))).toEqual([]);
  });

  it('refuses fewer than 8 and more than 128 characters, naming the field in en and ru', () => {
    const short = passwordProblems('k7#Qz!p', 'newPassword');
    expect(short).toMatchObject([{ code: 'PASSWORD_TOO_SHORT', field: 'newPassword' }]);
    expect(short[0]?.message_ru).toMatch(/Пароль/);
    expect(passwordProblems('q'.repeat(129))).toMatchObject([{ code: 'PASSWORD_TOO_LONG', field: 'password' }]);
  });

  it('counts characters, not UTF-16 units: 8 emoji are 8 characters', () => {
    expect(passwordProblems('🦊🐻🐼🐨🐯🦁🐮🐷')).toEqual([]);
    expect(passwordProblems('🦊'.repeat(128))).toEqual([]);
    expect(passwordProblems('🦊'.repeat(129))[0]?.code).toBe('PASSWORD_TOO_LONG');
  });

  it('refuses common passwords whatever their case', () => {
    for (const common of ['password1', 'Password1', 'PASSWORD1', 'qwerty123', 'QwErTy123', 'iloveyou', '12345678']) {
      expect(isCommonPassword(common), common).toBe(true);
      expect(passwordProblems(common)[0]?.code, common).toBe('PASSWORD_TOO_COMMON');
    }
    expect(isCommonPassword('mauve-otter-basalt-91')).toBe(false);
  });

  it('throws a 400 validation error naming the field', () => {
    expect(() => assertPasswordPolicy('Password123', 'password')).toThrowError(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
  });
});
