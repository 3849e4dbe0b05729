import crypto from 'node:crypto';
import type { Knex } from 'knex';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Only a hash of the token is stored, so a read of the sessions table does not hand out logins. */
function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function createSession(knex: Knex, userId: string): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await knex('sessions').insert({
    token_hash: hashToken(token),
    user_id: userId,
    expires_at: new Date(Date.now() + SESSION_TTL_MS).toISOString(),
  });
  return token;
}

export async function findSessionUserId(knex: Knex, token: string): Promise<string | null> {
  const row: { user_id: string } | undefined = await knex('sessions')
    .where({ token_hash: hashToken(token) })
    .andWhere('expires_at', '>', knex.fn.now())
    .first('user_id');
  return row?.user_id ?? null;
}

export async function deleteSession(knex: Knex, token: string): Promise<void> {
  await knex('sessions').where({ token_hash: hashToken(token) }).delete();
}
