import { expect } from 'vitest';
import type { TestRuntime } from '@crm/runtime/testing';
import { PERSON_PASSWORD } from '../engine/engine-test.support.js';

/*
 * A template's demo people as a test signs in as them: ids by email and back, and one session per
 * person, made on first use (the installer gives demo users no password, so the admin sets one).
 */

export interface TemplatePeople {
  /** The demo user's id ('' when the template has no such person, which the test's requests then refuse). */
  idOf(email: string): string;
  emailOf(id: string): string | undefined;
  /** A session token of the person. */
  signIn(email: string): Promise<string>;
}

export async function templatePeople(rt: TestRuntime): Promise<TemplatePeople> {
  const users = await rt.request<{ data: Array<{ id: string; email: string }> }>('GET', '/api/users?limit=200');
  expect(users.status).toBe(200);
  const ids = new Map(users.body.data.map((u) => [u.email, u.id]));
  const emails = new Map(users.body.data.map((u) => [u.id, u.email]));
  const tokens = new Map<string, string>();
  const idOf = (email: string): string => ids.get(email) ?? '';
  return {
    idOf,
    emailOf: (id) => emails.get(id),
    async signIn(email) {
      const known = tokens.get(email);
      if (known) return known;
      expect((await rt.request('PATCH', `/api/users/${idOf(email)}`, { body: { password: PERSON_PASSWORD } })).status).toBe(200);
      const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PERSON_PASSWORD }, token: null });
      expect(login.status).toBe(200);
      tokens.set(email, login.body.token);
      return login.body.token;
    },
  };
}
