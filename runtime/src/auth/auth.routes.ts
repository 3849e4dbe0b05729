import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/audit-trail.service.js';
import { clientAddress, requestAuditFields } from '../audit/request-audit.context.js';
import { BadRequestError, ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { FieldProblems, readClosedBody } from '../people/body-fields.reader.js';
import type { UserRow } from '../people/user.types.js';
import { findUserByEmail, normaliseEmail, toActor } from '../people/users.repository.js';
import { readCookie, SESSION_COOKIE } from './auth.middleware.js';
import { recordLoginSuccess, reserveLoginAttempt, throttleKeys, type ReservedAttempt, type ThrottleKeys, type ThrottleLimit } from './login-throttle.store.js';
import { hashPassword, verifyPassword } from './password.hasher.js';
import { passwordLength, passwordProblems, PASSWORD_MAX_LENGTH } from './password.policy.js';
import { invalidateAuth } from './auth-cache.registry.js';
import { csrfTokenFor, deleteExpiredSessions, deleteSession, deleteUserSessions, SESSION_TTL_MS, sessionTokenHash, startSession } from './session.store.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { mayEditDefinitions } from '../definitions/definition-access.guard.js';
import { isAdmin } from '../people/admin-role.check.js';
import { mayRunMailings } from '../mailings/mailing-access.policy.js';
import { isUiLocale, type LoginResponse, type MeResponse } from '@crm/schemas';
import { readUserLocale, writeUserLocale } from './user-locale.store.js';

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS });
}

// A no-break space keeps "60 с." together when the message wraps next to the field.
const LIMIT_MESSAGES: Readonly<Record<ThrottleLimit, { field: string; en: (s: number) => string; ru: (s: number) => string }>> = {
  pair: {
    field: 'email',
    en: (s) => `Too many failed sign-ins to this account from this address; try again in ${s} seconds.`,
    ru: (s) => `Слишком много неудачных попыток входа в эту учётную запись с этого адреса; повторите через ${s}\u00a0с.`,
  },
  account: {
    field: 'email',
    en: (s) => `This account has had too many failed sign-ins; attempts are slowed down. Try again in ${s} seconds.`,
    ru: (s) => `Слишком много неудачных попыток входа в эту учётную запись; попытки замедлены. Повторите через ${s}\u00a0с.`,
  },
  address: {
    field: 'address',
    en: (s) => `Too many failed sign-ins from this address; attempts are slowed down. Try again in ${s} seconds.`,
    ru: (s) => `Слишком много неудачных попыток входа с этого адреса; попытки замедлены. Повторите через ${s}\u00a0с.`,
  },
};

/**
 * Reserves the attempt (login-throttle.policy: per account and address first, slowdowns account- and
 * address-wide); refuses a throttled one with 429 and Retry-After, after recording it.
 */
async function throttle(knex: Knex, auditTrail: AuditTrail, req: Request, res: Response, keys: ThrottleKeys, email: string, action: string): Promise<ReservedAttempt> {
  const verdict = await reserveLoginAttempt(knex, keys);
  if (verdict.allowed) return verdict;
  await auditTrail.record({
    ...requestAuditFields(req),
    action,
    outcome: 'denied',
    target: { type: 'account', name: email },
    details: { email, limitedBy: verdict.key, retryAfterSeconds: verdict.retryAfterSeconds },
  });
  res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
  const words = LIMIT_MESSAGES[verdict.key];
  throw TooManyRequestsError.create(`Too many sign-in attempts; try again in ${verdict.retryAfterSeconds} seconds.`, [
    {
      code: 'TOO_MANY_ATTEMPTS',
      field: words.field,
      limitedBy: verdict.key,
      retryAfterSeconds: verdict.retryAfterSeconds,
      message: words.en(verdict.retryAfterSeconds),
      message_ru: words.ru(verdict.retryAfterSeconds),
    },
  ]);
}

function loginBody(body: unknown): { email: string; password: string } {
  const email = typeof body === 'object' && body !== null && 'email' in body ? body.email : undefined;
  const password = typeof body === 'object' && body !== null && 'password' in body ? body.password : undefined;
  if (typeof email !== 'string' || typeof password !== 'string' || email.length > 320 || passwordLength(password) > PASSWORD_MAX_LENGTH) {
    throw BadRequestError.create('Send {"email": "...", "password": "..."}.');
  }
  return { email: normaliseEmail(email), password };
}

function failureReason(user: UserRow | undefined, passwordOk: boolean): string {
  if (!user) return 'unknown-email';
  if (!passwordOk) return user.password_hash ? 'wrong-password' : 'no-password';
  return 'disabled';
}

export function authRoutes({ context, auditTrail }: RouteDeps): Router {
  const knex = context.db.knex;
  const router = Router();

  router.post('/login', async (req, res) => {
    const { email, password } = loginBody(req.body);
    const keys = throttleKeys(email, clientAddress(req));
    const reserved = await throttle(knex, auditTrail, req, res, keys, email, 'auth.login.throttled');

    const user = await findUserByEmail(knex, email);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      await auditTrail.record({
        ...requestAuditFields(req),
        actorId: user?.id ?? null,
        actorEmail: email,
        action: 'auth.login.failed',
        outcome: 'failure',
        target: { type: 'account', id: user?.id ?? null, name: email },
        details: { email, reason: failureReason(user, ok) },
      });
      throw UnauthorizedError.create('The email or password is wrong.');
    }
    await recordLoginSuccess(knex, keys, reserved);

    // A new session at every sign-in; the one this browser carried (if any) ends here.
    const previous = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (previous) {
      await deleteSession(knex, previous);
      invalidateAuth(knex, { kind: 'session', tokenHash: sessionTokenHash(previous) });
    }
    await deleteExpiredSessions(knex);
    const session = await startSession(knex, user.id);
    await auditTrail.record({
      ...requestAuditFields(req),
      actorId: user.id,
      actorEmail: user.email,
      action: 'auth.login',
      target: { type: 'user', id: user.id, name: user.email },
    });
    setSessionCookie(req, res, session.token);
    const actor = toActor(user);
    const answer: LoginResponse = {
      token: session.token,
      user: actor,
      csrfToken: session.csrfToken,
      locale: await readUserLocale(knex, user.id),
      canBuild: await mayEditDefinitions(actor.roles, context.definitions),
      canMail: await mayRunMailings(actor.roles, context.definitions),
      isAdmin: await isAdmin(actor, context.definitions),
    };
    res.json(answer);
  });

  router.post('/logout', async (req, res) => {
    if (req.auth?.kind === 'session') {
      await deleteSession(knex, req.auth.token);
      // The trigger tells every process at commit; this one forgets at once, before it answers.
      invalidateAuth(knex, { kind: 'session', tokenHash: sessionTokenHash(req.auth.token) });
      await auditTrail.record({ ...requestAuditFields(req), action: 'auth.logout', target: { type: 'user', id: req.actor?.id ?? null, name: req.actor?.email ?? null } });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  async function meAnswer(req: Request): Promise<MeResponse> {
    const user = requireActor(req);
    const csrfToken = req.auth?.kind === 'session' ? csrfTokenFor(req.auth.token) : null;
    return { user, csrfToken, locale: await readUserLocale(knex, user.id), canBuild: await mayEditDefinitions(user.roles, context.definitions), canMail: await mayRunMailings(user.roles, context.definitions), isAdmin: await isAdmin(user, context.definitions) };
  }

  router.get('/me', async (req, res) => {
    res.json(await meAnswer(req));
  });

  // The person's own preferences (today the UI language), remembered across browsers.
  router.patch('/me', async (req, res) => {
    const actor = requireActor(req);
    const locale = readClosedBody(req.body, ['locale'])['locale'];
    if (!isUiLocale(locale)) {
      const problems = new FieldProblems();
      problems.add('locale', 'INVALID_LOCALE', 'The language must be "ru" or "en".', 'Язык должен быть "ru" или "en".');
      problems.throwIfAny('The language must be "ru" or "en".');
      return;
    }
    await writeUserLocale(knex, actor.id, locale);
    res.json(await meAnswer(req));
  });

  router.post('/password', async (req, res) => {
    const actor = requireActor(req);
    if (req.auth?.kind !== 'session') {
      throw ForbiddenError.create('Sign in with your password to change it; an API token cannot.', [
        { code: 'SESSION_REQUIRED', message: 'An API token cannot change a password.', message_ru: 'API-токен не может менять пароль.' },
      ]);
    }
    const body = readClosedBody(req.body, ['currentPassword', 'newPassword']);
    const currentPassword = body['currentPassword'];
    const newPassword = body['newPassword'];
    const problems = new FieldProblems();
    if (typeof currentPassword !== 'string') {
      problems.add('currentPassword', 'REQUIRED', 'Send your current password.', 'Укажите текущий пароль.');
    }
    if (typeof newPassword !== 'string') {
      problems.add('newPassword', 'REQUIRED', 'Send the new password.', 'Укажите новый пароль.');
    } else {
      problems.list.push(...passwordProblems(newPassword, 'newPassword'));
      if (newPassword === currentPassword) {
        problems.add('newPassword', 'PASSWORD_UNCHANGED', 'The new password must differ from the current one.', 'Новый пароль должен отличаться от текущего.');
      }
    }
    problems.throwIfAny('The password change is not valid.');
    if (typeof currentPassword !== 'string' || typeof newPassword !== 'string') return;

    // Guessing the current password through a stolen session is throttled like sign-in.
    const keys = throttleKeys(actor.email, clientAddress(req));
    const reserved = await throttle(knex, auditTrail, req, res, keys, actor.email, 'auth.password.throttled');
    const user = await findUserByEmail(knex, actor.email);
    if (!user || !(await verifyPassword(currentPassword, user.password_hash ?? DUMMY_HASH)) || !user.password_hash) {
      await auditTrail.record({
        ...requestAuditFields(req),
        action: 'auth.password.change',
        outcome: 'failure',
        target: { type: 'user', id: actor.id, name: actor.email },
        details: { reason: 'wrong-current-password' },
      });
      const wrong = new FieldProblems();
      wrong.add('currentPassword', 'WRONG_PASSWORD', 'The current password is wrong.', 'Текущий пароль указан неверно.');
      wrong.throwIfAny('The current password is wrong.');
      return;
    }
    await recordLoginSuccess(knex, keys, reserved);

    const passwordHash = await hashPassword(newPassword);
    const session = await knex.transaction(async (trx) => {
      await trx('users').where({ id: user.id }).update({ password_hash: passwordHash, updated_at: trx.fn.now() });
      // Every session ends, this one included: whoever else held one is out at once.
      const endedSessions = await deleteUserSessions(trx, user.id);
      await auditTrail.within(trx).record({
        ...requestAuditFields(req),
        action: 'auth.password.change',
        target: { type: 'user', id: user.id, name: user.email },
        details: { endedSessions },
      });
      return startSession(trx, user.id);
    });
    invalidateAuth(knex, { kind: 'user', userId: user.id });
    setSessionCookie(req, res, session.token);
    res.json({ token: session.token, user: toActor(user), csrfToken: session.csrfToken });
  });

  return router;
}
