import crypto from 'node:crypto';
import { promisify } from 'node:util';

/*
 * scrypt with N=2^17, r=8, p=1, a 16-byte random salt and a 32-byte key: the parameters the OWASP
 * Password Storage Cheat Sheet gives for scrypt, which meets OWASP ASVS 5's password-storage
 * requirement (an approved, computationally intensive KDF with parameters from current guidance),
 * as argon2id would. scrypt is in node:crypto, so there is no
 * native add-on to build. The parameters travel inside the stored string so they can be raised
 * later without a migration (verifyPassword reads them from there).
 */
const scrypt = promisify<crypto.BinaryLike, crypto.BinaryLike, number, crypto.ScryptOptions, Buffer>(crypto.scrypt);
const KEY_LENGTH = 32;
const MAX_MEMORY = 256 * 1024 * 1024;

export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const PRODUCTION_SCRYPT_COST: ScryptCost = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
// About a millisecond instead of a few hundred: test suites sign in hundreds of times.
const TEST_SCRYPT_COST: ScryptCost = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

let cost: ScryptCost = PRODUCTION_SCRYPT_COST;

/**
 * Makes the hashes this process creates from now on cheap. Only the test runtime factory calls it,
 * and it refuses to work outside the test runner, so a server can never store weak hashes even if
 * the call slipped into a production path. Verification is unaffected: it always uses the cost
 * written in the stored hash.
 */
export function useTestPasswordCost(): void {
  if (process.env.VITEST !== 'true') throw new Error('the test password cost is for the test runner only');
  cost = TEST_SCRYPT_COST;
}

/** Back to the production cost (a test worker runs many files in one process; see vitest.config.ts). */
export function useProductionPasswordCost(): void {
  cost = PRODUCTION_SCRYPT_COST;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const { N, r, p } = cost;
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: MAX_MEMORY });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts;
  const expected = Buffer.from(keyText ?? '', 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltText ?? '', 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}
