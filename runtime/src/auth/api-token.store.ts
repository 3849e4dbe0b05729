import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { UserRow } from '../people/user.types.js';

/** Marks an integration token, so the middleware never looks it up among sessions (and people can spot a leaked one). */
export const API_TOKEN_PREFIX = 'crm_pat_';

interface ApiTokenRow {
  id: string;
  name: string;
  user_id: string;
  roles: string[];
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** What the API shows of a token: never the secret, never its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  user: string;
  roles: string[];
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const VIEW_COLUMNS = ['id', 'name', 'user_id', 'roles', 'created_by', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'];

function toView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    user: row.user_id,
    roles: row.roles,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export interface NewApiToken {
  name: string;
  userId: string;
  roles: string[];
  createdBy: string;
  expiresAt: string | null;
}

/** Stores only the secret's hash; the secret is returned here once and never again. */
export async function insertApiToken(knex: Knex, token: NewApiToken): Promise<{ view: ApiTokenView; secret: string }> {
  const secret = `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  const rows: ApiTokenRow[] = await knex('api_tokens')
    .insert({
      name: token.name,
      token_hash: hashSecret(secret),
      user_id: token.userId,
      roles: token.roles,
      created_by: token.createdBy,
      expires_at: token.expiresAt,
    })
    .returning(VIEW_COLUMNS);
  const row = rows[0];
  if (!row) throw new Error('insert into api_tokens returned no row');
  return { view: toView(row), secret };
}

export async function listApiTokens(knex: Knex): Promise<ApiTokenView[]> {
  const rows: ApiTokenRow[] = await knex('api_tokens').select(VIEW_COLUMNS).orderBy('created_at', 'desc').orderBy('id');
  return rows.map(toView);
}

export async function findApiTokenView(knex: Knex, id: string): Promise<ApiTokenView | null> {
  const row: ApiTokenRow | undefined = await knex('api_tokens').where({ id }).first(VIEW_COLUMNS);
  return row ? toView(row) : null;
}

/** Revoked at once: the next request with it is refused. Revoking twice keeps the first time. */
export async function revokeApiToken(knex: Knex, id: string): Promise<void> {
  await knex('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() });
}

export interface ActiveApiToken {
  id: string;
  name: string;
  userId: string;
  roles: string[];
}

/** The key tokens are stored and cached under: the secret's SHA-256, never the secret. */
export function apiTokenHash(secret: string): string {
  return hashSecret(secret);
}

export interface ApiTokenUser {
  token: ActiveApiToken;
  /** When the token stops working (ms since the epoch), or null for never. */
  expiresAt: number | null;
  user: UserRow;
}

/**
 * The token a secret belongs to, when it is neither revoked nor expired, with its user (disabled or
 * not: the caller decides) in one query.
 */
export async function findActiveApiTokenUser(knex: Knex, secret: string): Promise<ApiTokenUser | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const row: (UserRow & { token_id: string; token_name: string; token_roles: string[]; token_expires_at: string | null }) | undefined = await knex(
    'api_tokens as t',
  )
    .join('users as u', 'u.id', 't.user_id')
    .where('t.token_hash', hashSecret(secret))
    .whereNull('t.revoked_at')
    .andWhere((q) => q.whereNull('t.expires_at').orWhere('t.expires_at', '>', knex.fn.now()))
    .first('u.*', 't.id as token_id', 't.name as token_name', 't.roles as token_roles', 't.expires_at as token_expires_at');
  if (!row) return null;
  const { token_id: id, token_name: name, token_roles: roles, token_expires_at: expiresAt, ...user } = row;
  return { token: { id, name, userId: user.id, roles }, expiresAt: expiresAt === null ? null : Date.parse(expiresAt), user };
}

/** last_used_at to the minute: one write per token per minute, however busy the integration. */
export async function touchApiToken(knex: Knex, id: string): Promise<void> {
  await knex('api_tokens')
    .where({ id })
    .andWhere((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', knex.raw(`now() - interval '1 minute'`)))
    .update({ last_used_at: knex.fn.now() });
}
