import { beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, PRODUCTION_SCRYPT_COST, useProductionPasswordCost, useTestPasswordCost, verifyPassword } from './password.hasher.js';

/*
 * This file hashes at the production cost: the one place the suite pays for it and proves the
 * stored hash carries the production parameters. A worker runs many files in one process, and an
 * earlier file's test runtime may have lowered the cost, so each test sets it back first.
 */
describe('password hasher at production cost', () => {
  beforeEach(() => {
    useProductionPasswordCost();
  });

  it('stores scrypt with N=2^17, r=8, p=1, a 16-byte salt and a 32-byte key, and verifies it', async () => {
    const stored = await hashPassword('lavender-koala-summit-2');
    const [scheme, n, r, p, salt, key] = stored.split('$');
    expect({ scheme, N: Number(n), r: Number(r), p: Number(p) }).toEqual({ scheme: 'scrypt', ...PRODUCTION_SCRYPT_COST });
    expect(PRODUCTION_SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 });
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32);
    expect(await verifyPassword('lavender-koala-summit-2', stored)).toBe(true);
    expect(await verifyPassword('lavender-koala-summit-3', stored)).toBe(false);
  });

  it('refuses the test cost outside the test runner', async () => {
    const saved = process.env.VITEST;
    delete process.env.VITEST;
    try {
      expect(() => useTestPasswordCost()).toThrow(/test runner only/);
    } finally {
      process.env.VITEST = saved;
    }
    expect((await hashPassword('still-production-1')).startsWith('scrypt$131072$8$1$')).toBe(true);
  });
});
