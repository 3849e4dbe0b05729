import { Router } from 'express';
import type { Knex } from 'knex';
import { verifyPassword } from './password.hasher.js';
import { createSession, deleteSession } from './session.store.js';
import { SESSION_COOKIE } from './auth.middleware.js';
import { findUserByEmail, toActor } from '../people/users.repository.js';
import { BadRequestError, UnauthorizedError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function authRoutes(knex: Knex): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const body: unknown = req.body;
    const email = typeof body === 'object' && body !== null && 'email' in body ? body.email : undefined;
    const password = typeof body === 'object' && body !== null && 'password' in body ? body.password : undefined;
    if (typeof email !== 'string' || typeof password !== 'string' || password.length > 128) {
      throw BadRequestError.create('Send {"email": "...", "password": "..."}.');
    }
    const user = await findUserByEmail(knex, email);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) throw UnauthorizedError.create('The email or password is wrong.');
    const token = await createSession(knex, user.id);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    res.json({ token, user: toActor(user) });
  });

  router.post('/logout', async (req, res) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) await deleteSession(knex, bearer);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/me', (req, res) => {
    res.json({ user: requireActor(req) });
  });

  return router;
}
