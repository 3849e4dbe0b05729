import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { createAuditTrail } from '../audit/audit-trail.service.js';
import { hashPassword } from './password.hasher.js';
import { passwordProblems } from './password.policy.js';
import { countUsers, insertUser } from '../people/users.repository.js';

export const FIRST_ADMIN_EMAIL = 'admin@example.com';

/** A setting the operator must fix before the runtime can start; main prints only its message. */
export class StartupConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupConfigError';
  }
}

export interface BootstrapResult {
  created: boolean;
  /** Set only when the password was generated here; the caller prints it once. */
  generatedPassword?: string;
}

/**
 * CRM_DEMO_PASSWORD becomes the password of every demo person a template installs, so it passes
 * the same policy as any other password; a weak one stops the start with the reason.
 */
export function assertDemoPassword(password: string | undefined): void {
  if (password === undefined) return;
  const problem = passwordProblems(password, 'CRM_DEMO_PASSWORD')[0];
  if (problem) {
    throw new StartupConfigError(
      `CRM_DEMO_PASSWORD is not accepted: ${problem.message} Choose another one, or unset it to install the demo people without a password.`,
    );
  }
}

/**
 * There is no default password: the first admin's comes from CRM_ADMIN_PASSWORD, which must pass
 * the same policy as every other password, or is generated and handed back to be printed once.
 */
export async function ensureFirstAdmin(knex: Knex, configuredPassword: string | undefined): Promise<BootstrapResult> {
  if ((await countUsers(knex)) > 0) return { created: false };
  if (configuredPassword !== undefined) {
    const problem = passwordProblems(configuredPassword, 'CRM_ADMIN_PASSWORD')[0];
    if (problem) {
      throw new StartupConfigError(
        `CRM_ADMIN_PASSWORD is not accepted: ${problem.message} Choose another one, or unset it to have a password generated.`,
      );
    }
  }
  // 18 random bytes: 24 characters of base64url, never on a common-password list.
  const password = configuredPassword ?? crypto.randomBytes(18).toString('base64url');
  const admin = await insertUser(knex, {
    email: FIRST_ADMIN_EMAIL,
    name: 'Administrator',
    passwordHash: await hashPassword(password),
    roles: ['admin'],
  });
  await createAuditTrail(knex).record({
    action: 'user.create',
    target: { type: 'user', id: admin.id, name: admin.email },
    details: { roles: admin.roles, firstAdmin: true, passwordFrom: configuredPassword === undefined ? 'generated' : 'CRM_ADMIN_PASSWORD' },
  });
  return configuredPassword === undefined ? { created: true, generatedPassword: password } : { created: true };
}
