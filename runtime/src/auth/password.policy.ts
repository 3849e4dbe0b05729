import { ValidationError, type ErrorDetail } from '../errors/index.js';
import { isCommonPassword } from './common-passwords.list.js';

/*
 * ASVS 5 / NIST 800-63B: at least 8 characters, at most 128 (so hashing cost stays bounded), no
 * composition rules, and never a password from a list of common ones. Length counts characters
 * (code points after NFKC, as the hasher sees them), not UTF-16 units or bytes.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function passwordLength(password: string): number {
  return [...password.normalize('NFKC')].length;
}

/** The policy's complaints about a password, naming `field`; empty when it is acceptable. */
export function passwordProblems(password: string, field = 'password'): ErrorDetail[] {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    return [
      {
        code: 'PASSWORD_TOO_SHORT',
        field,
        message: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
        message_ru: `Пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов.`,
      },
    ];
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return [
      {
        code: 'PASSWORD_TOO_LONG',
        field,
        message: `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
        message_ru: `Пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов.`,
      },
    ];
  }
  if (isCommonPassword(password)) {
    return [
      {
        code: 'PASSWORD_TOO_COMMON',
        field,
        message: 'This password is on a list of commonly used passwords; choose another.',
        message_ru: 'Этот пароль есть в списке распространённых паролей; выберите другой.',
      },
    ];
  }
  return [];
}

/** Throws a 400 naming `field` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, field = 'password'): void {
  const problems = passwordProblems(password, field);
  const first = problems[0];
  if (first) throw ValidationError.create(first.message, problems);
}
