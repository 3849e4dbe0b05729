import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/database.factory.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRuntime } from '../runtime.factory.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { createUser, login, requestFrom, type ErrorBody } from './auth.test-support.js';
import { ACCOUNT_RULE, ADDRESS_RULE, PAIR_RULE } from './login-throttle.policy.js';

const PASSWORD = 'mauve-otter-basalt-91';

describe.each(testDatabaseKinds())('login throttling on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('locks an account at one address after repeated failures there with 429 and Retry-After, even for the right password', async () => {
    await createUser(rt, { email: 'target@example.com', password: PASSWORD });
    for (let i = 0; i < PAIR_RULE.maxFailures; i += 1) {
      expect((await login(rt, 'target@example.com', `wrong-guess-${i}`)).status).toBe(401);
    }
    const locked = await rt.request<ErrorBody>('POST', '/api/auth/login', { body: { email: 'Target@Example.com', password: PASSWORD }, token: null });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.body.error.details[0]).toMatchObject({ field: 'email' });
    expect(locked.body.error.details[0]?.message_ru).toMatch(/попыток/);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(PAIR_RULE.baseLockMs / 1000);

    // The address is not locked by one account's failures: someone else signs in from it.
    await createUser(rt, { email: 'colleague@example.com', password: PASSWORD });
    expect((await login(rt, 'colleague@example.com', PASSWORD)).status).toBe(200);

    const audit = await rt.request<{ data: { outcome: string; details: { email: string; limitedBy: string } }[] }>(
      'GET',
      '/api/audit?action=auth.login.throttled',
    );
    expect(audit.body.data[0]).toMatchObject({ outcome: 'denied', details: { email: 'target@example.com', limitedBy: 'pair' } });
    const failed = await rt.request<{ data: { details: Record<string, unknown> }[] }>('GET', '/api/audit?action=auth.login.failed&limit=500');
    const tried = failed.body.data.filter((e) => e.details['email'] === 'target@example.com');
    expect(tried).toHaveLength(PAIR_RULE.maxFailures);
    expect(JSON.stringify(failed.body)).not.toContain('wrong-guess');
  });

  it('resets the account counter at a successful sign-in', async () => {
    await createUser(rt, { email: 'forgetful@example.com', password: PASSWORD });
    const almost = PAIR_RULE.maxFailures - 1;
    for (let i = 0; i < almost; i += 1) expect((await login(rt, 'forgetful@example.com', 'not-it-at-all')).status).toBe(401);
    expect((await login(rt, 'forgetful@example.com', PASSWORD)).status).toBe(200);
    for (let i = 0; i < almost; i += 1) expect((await login(rt, 'forgetful@example.com', 'not-it-at-all')).status).toBe(401);
    // Without the reset this would be attempt number 2 x maxFailures in the window: locked.
    expect((await login(rt, 'forgetful@example.com', PASSWORD)).status).toBe(200);
  });

  it('slows down a client address that sprays many accounts, and only that address', async () => {
    await createUser(rt, { email: 'bystander@example.com', password: PASSWORD });
    await createUser(rt, { email: 'regular@example.com', password: PASSWORD });
    const attacker = '127.0.0.5';
    // A regular of that address signed in there before the spraying began.
    expect((await requestFrom(rt, attacker, 'POST', '/api/auth/login', { email: 'regular@example.com', password: PASSWORD })).status).toBe(200);
    const guesses = Array.from({ length: ADDRESS_RULE.maxFailures }, (_, i) => i);
    // In parallel: each attempt reserves its slot before the hash runs, so none slips past the limit.
    const results = await Promise.all(
      guesses.map((i) => requestFrom<ErrorBody>(rt, attacker, 'POST', '/api/auth/login', { email: `nobody-${i}@example.com`, password: 'spray-spray-1' })),
    );
    expect(results.map((r) => r.status)).toEqual(guesses.map(() => 401));
    // Past the limit one attempt per spacing goes through and the rest are refused. Sent together,
    // since each attempt reserves before its (slow) hash, so the test does not race the spacing.
    const past = await Promise.all(
      [0, 1, 2].map((i) => requestFrom<ErrorBody>(rt, attacker, 'POST', '/api/auth/login', { email: i === 0 ? 'bystander@example.com' : `nobody-x${i}@example.com`, password: 'spray-spray-1' })),
    );
    expect(past.filter((r) => r.status === 401)).toHaveLength(1);
    const blocked = past.filter((r) => r.status === 429);
    expect(blocked).toHaveLength(2);
    expect(blocked[0]?.body.error.details[0]).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', field: 'address', limitedBy: 'address' });
    const wait = Number(blocked[0]?.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(ADDRESS_RULE.spacingMs / 1000);

    // The regular is not slowed down at their own address, nor is the bystander anywhere else.
    expect((await requestFrom(rt, attacker, 'POST', '/api/auth/login', { email: 'regular@example.com', password: PASSWORD })).status).toBe(200);
    const elsewhere = await requestFrom<{ token: string }>(rt, '127.0.0.6', 'POST', '/api/auth/login', { email: 'bystander@example.com', password: PASSWORD });
    expect(elsewhere.status).toBe(200);
    const row = await rt.db.knex('login_throttle').where({ key: `address:${attacker}` }).first();
    expect(row?.locked_until).toBeTruthy();
  }, 120_000);

  it('an attacker failing from one address cannot lock the user out from another', async () => {
    await createUser(rt, { email: 'victim@example.com', password: PASSWORD });
    for (let i = 0; i < PAIR_RULE.maxFailures + 3; i += 1) {
      await requestFrom(rt, '127.0.0.20', 'POST', '/api/auth/login', { email: 'victim@example.com', password: `guess-${i}-abc` });
    }
    const attacker = await requestFrom<ErrorBody>(rt, '127.0.0.20', 'POST', '/api/auth/login', { email: 'victim@example.com', password: PASSWORD });
    expect(attacker.status).toBe(429);
    expect((await requestFrom(rt, '127.0.0.21', 'POST', '/api/auth/login', { email: 'victim@example.com', password: PASSWORD })).status).toBe(200);
  });

  it('twenty failures on one account from an address do not stop another user behind it', async () => {
    await createUser(rt, { email: 'clumsy@example.com', password: PASSWORD });
    await createUser(rt, { email: 'neighbour@example.com', password: PASSWORD });
    const office = '127.0.0.30';
    for (let i = 0; i < 20; i += 1) await requestFrom(rt, office, 'POST', '/api/auth/login', { email: 'clumsy@example.com', password: `typo-${i}-typo` });
    // Never signed in from there before, and never failed there: gets in at once.
    expect((await requestFrom(rt, office, 'POST', '/api/auth/login', { email: 'neighbour@example.com', password: PASSWORD })).status).toBe(200);
    // The admin behind the same address too.
    expect((await requestFrom(rt, office, 'POST', '/api/auth/login', { email: 'admin@example.com', password: 'x'.repeat(12) })).status).not.toBe(429);
  });

  it('the slow account-wide limit still stops a distributed attack, without locking the owner out', async () => {
    await createUser(rt, { email: 'ceo@example.com', password: PASSWORD });
    // The owner's usual address, known from an earlier sign-in.
    expect((await requestFrom(rt, '127.0.2.1', 'POST', '/api/auth/login', { email: 'ceo@example.com', password: PASSWORD })).status).toBe(200);
    // A botnet: each address stays under the pair limit.
    const perAddress = PAIR_RULE.maxFailures - 1;
    const addresses = Math.ceil(ACCOUNT_RULE.maxFailures / perAddress);
    let sent = 0;
    for (let a = 0; a < addresses; a += 1) {
      for (let i = 0; i < perAddress && sent < ACCOUNT_RULE.maxFailures; i += 1, sent += 1) {
        const res = await requestFrom(rt, `127.0.3.${a + 1}`, 'POST', '/api/auth/login', { email: 'ceo@example.com', password: `bot-${a}-${i}-guess` });
        expect(res.status).toBe(401);
      }
    }
    // Past the limit: one guess per spacing, from whatever address.
    expect((await requestFrom(rt, '127.0.4.1', 'POST', '/api/auth/login', { email: 'ceo@example.com', password: 'bot-late-guess' })).status).toBe(401);
    const slowed = await requestFrom<ErrorBody>(rt, '127.0.4.2', 'POST', '/api/auth/login', { email: 'ceo@example.com', password: 'bot-later-guess' });
    expect(slowed.status).toBe(429);
    expect(slowed.body.error.details[0]).toMatchObject({ field: 'email', limitedBy: 'account' });
    expect(Number(slowed.headers.get('retry-after'))).toBeLessThanOrEqual(ACCOUNT_RULE.spacingMs / 1000);
    // The owner at the usual address is not slowed down.
    expect((await requestFrom(rt, '127.0.2.1', 'POST', '/api/auth/login', { email: 'ceo@example.com', password: PASSWORD })).status).toBe(200);
  });

  it('never lets parallel guesses past the account limit', async () => {
    await createUser(rt, { email: 'parallel@example.com', password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: PAIR_RULE.maxFailures + 4 }, (_, i) =>
        requestFrom<ErrorBody>(rt, '127.0.0.9', 'POST', '/api/auth/login', { email: 'parallel@example.com', password: `guess-${i}-xyz` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PAIR_RULE.maxFailures);
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
      for (let i = 0; i < PAIR_RULE.maxFailures; i += 1) {
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
