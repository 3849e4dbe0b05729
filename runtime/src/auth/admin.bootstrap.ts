import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from './password.hasher.js';
import { countUsers, insertUser } from '../people/users.repository.js';

export const FIRST_ADMIN_EMAIL = 'admin@example.com';

export interface BootstrapResult {
  created: boolean;
  /** Set only when the password was generated here; the caller prints it once. */
  generatedPassword?: string;
}

/**
 * There is no default password: the first admin's comes from CRM_ADMIN_PASSWORD, or is generated
 * and handed back to be printed once.
 */
export async function ensureFirstAdmin(knex: Knex, configuredPassword: string | undefined): Promise<BootstrapResult> {
  if ((await countUsers(knex)) > 0) return { created: false };
  if (configuredPassword !== undefined && configuredPassword.length < 8) {
    throw new Error('CRM_ADMIN_PASSWORD must be at least 8 characters long');
  }
  const password = configuredPassword ?? crypto.randomBytes(12).toString('base64url');
  await insertUser(knex, {
    email: FIRST_ADMIN_EMAIL,
    name: 'Administrator',
    passwordHash: await hashPassword(password),
    roles: ['admin'],
  });
  return configuredPassword === undefined ? { created: true, generatedPassword: password } : { created: true };
}
