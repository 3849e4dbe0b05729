import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/database.factory.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRuntime } from '../runtime.factory.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { createUser, login, requestFrom, type ErrorBody } from './auth.test-support.js';
import { ACCOUNT_RULE, ADDRESS_RULE } from './login-throttle.policy.js';

const PASSWORD = 'mauve-otter-basalt-91';

describe.each(testDatabaseKinds())('login throttling on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('locks an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    await createUser(rt, { email: 'target@example.com', password: PASSWORD });
    for (let i = 0; i < ACCOUNT_RULE.maxFailures; i += 1) {
      expect((await login(rt, 'target@example.com', `wrong-guess-${i}`)).status).toBe(401);
    }
    const locked = await rt.request<ErrorBody>('POST', '/api/auth/login', { body: { email: 'Target@Example.com', password: PASSWORD }, token: null });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.body.error.details[0]).toMatchObject({ field: 'email' });
    expect(locked.body.error.details[0]?.message_ru).toMatch(/попыток/);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(ACCOUNT_RULE.baseLockMs / 1000);

    // The address is not locked by one account's failures: someone else signs in from it.
    await createUser(rt, { email: 'colleague@example.com', password: PASSWORD });
    expect((await login(rt, 'colleague@example.com', PASSWORD)).status).toBe(200);

    const audit = await rt.request<{ data: { outcome: string; details: { email: string; limitedBy: string } }[] }>(
      'GET',
      '/api/audit?action=auth.login.throttled',
    );
    expect(audit.body.data[0]).toMatchObject({ outcome: 'denied', details: { email: 'target@example.com', limitedBy: 'account' } });
    const failed = await rt.request<{ data: { details: Record<string, unknown> }[] }>('GET', '/api/audit?action=auth.login.failed&limit=500');
    const tried = failed.body.data.filter((e) => e.details['email'] === 'target@example.com');
    expect(tried).toHaveLength(ACCOUNT_RULE.maxFailures);
    expect(JSON.stringify(failed.body)).not.toContain('wrong-guess');
  });

  it('resets the account counter at a successful sign-in', async () => {
    await createUser(rt, { email: 'forgetful@example.com', password: PASSWORD });
    const almost = ACCOUNT_RULE.maxFailures - 1;
    for (let i = 0; i < almost; i += 1) expect((await login(rt, 'forgetful@example.com', 'not-it-at-all')).status).toBe(401);
    expect((await login(rt, 'forgetful@example.com', PASSWORD)).status).toBe(200);
    for (let i = 0; i < almost; i += 1) expect((await login(rt, 'forgetful@example.com', 'not-it-at-all')).status).toBe(401);
    // Without the reset this would be attempt number 2 x maxFailures in the window: locked.
    expect((await login(rt, 'forgetful@example.com', PASSWORD)).status).toBe(200);
  });

  it('locks a client address that sprays many accounts, and only that address', async () => {
    await createUser(rt, { email: 'bystander@example.com', password: PASSWORD });
    const attacker = '127.0.0.5';
    const guesses = Array.from({ length: ADDRESS_RULE.maxFailures }, (_, i) => i);
    // In parallel: each attempt reserves its slot before the hash runs, so none slips past the limit.
    const results = await Promise.all(
      guesses.map((i) => requestFrom<ErrorBody>(rt, attacker, 'POST', '/api/auth/login', { email: `nobody-${i}@example.com`, password: 'spray-spray-1' })),
    );
    expect(results.map((r) => r.status)).toEqual(guesses.map(() => 401));

    const blocked = await requestFrom<ErrorBody>(rt, attacker, 'POST', '/api/auth/login', { email: 'bystander@example.com', password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.details[0]).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', field: 'address' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    const elsewhere = await requestFrom<{ token: string }>(rt, '127.0.0.6', 'POST', '/api/auth/login', { email: 'bystander@example.com', password: PASSWORD });
    expect(elsewhere.status).toBe(200);
    const row = await rt.db.knex('login_throttle').where({ key: `address:${attacker}` }).first();
    expect(row?.locked_until).toBeTruthy();
  });

  it('never lets parallel guesses past the account limit', async () => {
    await createUser(rt, { email: 'parallel@example.com', password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: ACCOUNT_RULE.maxFailures + 4 }, (_, i) =>
        requestFrom<ErrorBody>(rt, '127.0.0.9', 'POST', '/api/auth/login', { email: 'parallel@example.com', password: `guess-${i}-xyz` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(ACCOUNT_RULE.maxFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it.runIf(kind === 'postgres')('is shared by every runtime process on the database', async () => {
    const url = rt.db.url;
    if (!url) throw new Error('the PostgreSQL test database has a url');
    const secondDb = await openPostgres(url, 2);
    const second = await createRuntime(secondDb);
    const server: Server = await new Promise((resolve) => {
      const s = second.httpApp.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const secondUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await createUser(rt, { email: 'two-procs@example.com', password: PASSWORD });
      for (let i = 0; i < ACCOUNT_RULE.maxFailures; i += 1) {
        const base = i % 2 === 0 ? rt.baseUrl : secondUrl;
        const res = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'two-procs@example.com', password: 'wrong-wrong-1' }),
        });
        expect(res.status).toBe(401);
      }
      const res = await fetch(`${secondUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'two-procs@example.com', password: PASSWORD }),
      });
      expect(res.status).toBe(429);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await secondDb.close();
    }
  });
});
