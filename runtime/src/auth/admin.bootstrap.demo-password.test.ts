import { describe, expect, it } from 'vitest';
import { assertDemoPassword, StartupConfigError } from './admin.bootstrap.js';

/* CRM_DEMO_PASSWORD, the password of every demo person a template installs, passes the password policy. */

describe('CRM_DEMO_PASSWORD', () => {
  it('refuses a common or short password with a message naming the setting', () => {
    for (const weak of ['password', 'qwerty123', 'short']) {
      expect(() => assertDemoPassword(weak)).toThrow(StartupConfigError);
      expect(() => assertDemoPassword(weak)).toThrow(/^CRM_DEMO_PASSWORD is not accepted: /);
    }
  });

  it('accepts a password the policy accepts, and no password at all', () => {
    expect(() => assertDemoPassword('Correct-Horse-Battery-9')).not.toThrow();
    expect(() => assertDemoPassword(undefined)).not.toThrow();
  });
});
