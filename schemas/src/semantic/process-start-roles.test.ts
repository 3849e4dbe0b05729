import { describe, expect, it } from 'vitest';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';

/* Who may start a process by hand is named by role (trigger.startRoles); a role that does not exist is an error at its pointer. */

function withStartRoles(roles: string[]) {
  const app = fullApp();
  const index = (app.processes ?? []).findIndex((p) => p.trigger.type === 'manual');
  const process = app.processes?.[index];
  if (!process || process.trigger.type !== 'manual') throw new Error('fixture has a manual process');
  process.trigger.startRoles = roles;
  return { app, index };
}

describe('manual trigger startRoles', () => {
  it('accepts roles that exist', () => {
    const { app } = withStartRoles(['manager']);
    expect(validateApp(app).ok).toBe(true);
  });

  it('refuses a role that does not exist, pointing at it', () => {
    const { app, index } = withStartRoles(['manager', 'sales']);
    const result = validateApp(app);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([expect.objectContaining({ code: 'UNKNOWN_ROLE', pointer: `/processes/${index}/trigger/startRoles/1` })]);
    expect(result.issues[0]?.message.en).toContain('refers to role "sales"');
  });
});
