import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { UserRow } from '../people/user.types.js';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Only hashes are stored, so a read of the sessions table hands out neither logins nor CSRF tokens. */
function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * The session's CSRF token, derived from the session token with HMAC: /me can hand it out again
 * without storing it, and knowing it reveals nothing about the session token.
 */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHmac('sha256', sessionToken).update('crm-csrf-v1').digest('base64url');
}

export interface NewSession {
  token: string;
  csrfToken: string;
}

/** A fresh random token at every sign-in, never one the client proposed. */
export async function startSession(knex: Knex, userId: string): Promise<NewSession> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = csrfTokenFor(token);
  await knex('sessions').insert({
    token_hash: sha256(token),
    csrf_hash: sha256(csrfToken),
    user_id: userId,
    expires_at: new Date(Date.now() + SESSION_TTL_MS).toISOString(),
  });
  return { token, csrfToken };
}

/** A session for a user, as tests and tools sign people in: the bearer token only. */
export async function createSession(knex: Knex, userId: string): Promise<string> {
  return (await startSession(knex, userId)).token;
}

export interface SessionInfo {
  userId: string;
  csrfHash: string | null;
}

export async function findSession(knex: Knex, token: string): Promise<SessionInfo | null> {
  const row: { user_id: string; csrf_hash: string | null } | undefined = await knex('sessions')
    .where({ token_hash: sha256(token) })
    .andWhere('expires_at', '>', knex.fn.now())
    .first('user_id', 'csrf_hash');
  return row ? { userId: row.user_id, csrfHash: row.csrf_hash } : null;
}

/** The key sessions are stored and cached under: the token's SHA-256, never the token. */
export function sessionTokenHash(token: string): string {
  return sha256(token);
}

export interface SessionUser {
  session: SessionInfo;
  user: UserRow;
  /** When the session ends, in ms since the epoch. */
  expiresAt: number;
}

/** The session and its user in one query (a request runs this when its session is not cached): null when either is gone. */
export async function findSessionUser(knex: Knex, token: string): Promise<SessionUser | null> {
  const row: (UserRow & { session_csrf_hash: string | null; session_expires_at: string }) | undefined = await knex('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', sha256(token))
    .andWhere('s.expires_at', '>', knex.fn.now())
    .first('u.*', 's.csrf_hash as session_csrf_hash', 's.expires_at as session_expires_at');
  if (!row) return null;
  const { session_csrf_hash: csrfHash, session_expires_at: expiresAt, ...user } = row;
  return { session: { userId: user.id, csrfHash }, user, expiresAt: Date.parse(expiresAt) };
}

/** Constant-time comparison of a presented CSRF token with the session's stored hash. */
export function csrfTokenMatches(session: SessionInfo, presented: string | undefined): boolean {
  if (!presented || !session.csrfHash) return false;
  const expected = Buffer.from(session.csrfHash, 'hex');
  const actual = Buffer.from(sha256(presented), 'hex');
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

export async function deleteSession(knex: Knex, token: string): Promise<void> {
  await knex('sessions').where({ token_hash: sha256(token) }).delete();
}

/** Ends every session of a user at once (disabled, or the password changed). */
export async function deleteUserSessions(knex: Knex, userId: string): Promise<number> {
  return knex('sessions').where({ user_id: userId }).delete();
}

export async function deleteExpiredSessions(knex: Knex): Promise<void> {
  await knex('sessions').where('expires_at', '<=', knex.fn.now()).delete();
}
