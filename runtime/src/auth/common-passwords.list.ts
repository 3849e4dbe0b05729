import { dictionary } from '@zxcvbn-ts/language-common';

/*
 * The common-password list shipped by @zxcvbn-ts/language-common (about 49,000 passwords seen most
 * often in breaches, all lower case), loaded once on first use.
 */
let commonPasswords: ReadonlySet<string> | null = null;

function list(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords;
}

/** Case-insensitive: "Password1" is as common as "password1". */
export function isCommonPassword(password: string): boolean {
  const lower = password.normalize('NFKC').toLowerCase();
  return list().has(lower) || list().has(lower.trim());
}
