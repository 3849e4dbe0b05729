import type { Knex } from 'knex';
import type { ErrorDetail } from '../errors/index.js';

/*
 * The product's public base URL: the address people outside reach it at (https://crm.example.ru or
 * https://example.ru/crm). Links that leave the product — a mailing's tracked links and its
 * unsubscribe link — are built on it, because the address the sender's browser used (a laptop on
 * the office network, localhost) is often not one a recipient can open. Kept in runtime_settings;
 * CRM_PUBLIC_URL lets an operator set it too (the stored value wins, an admin can correct it).
 */

const KEY = 'publicUrl';
const MAX = 500;

/** A stored or given URL in one form: no trailing slash, no query or fragment. */
function normalised(url: URL): string {
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The problem with a proposed base URL, as a detail on the `publicUrl` field; null when it is fine. */
export function publicUrlProblem(value: string): ErrorDetail | null {
  const problem = (code: string, message: string, messageRu: string): ErrorDetail => ({ field: 'publicUrl', code, message, message_ru: messageRu });
  if (value.length > MAX) return problem('TOO_LONG', `At most ${MAX} characters.`, `Не длиннее ${MAX} символов.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem('INVALID_URL', 'Give a full address, such as https://crm.example.com.', 'Укажите полный адрес, например https://crm.example.ru.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return problem('INVALID_SCHEME', 'The address must start with https:// or http://.', 'Адрес должен начинаться с https:// или http://.');
  if (url.username || url.password) return problem('HAS_CREDENTIALS', 'The address must not carry a user name or password.', 'В адресе не должно быть имени пользователя или пароля.');
  if (url.search || url.hash) return problem('HAS_QUERY', 'The address must not have a query (?…) or a fragment (#…).', 'В адресе не должно быть параметров (?…) и якоря (#…).');
  return null;
}

/** The valid form of a URL that passed publicUrlProblem. */
export function cleanPublicUrl(value: string): string {
  return normalised(new URL(value));
}

function fromEnv(env: NodeJS.ProcessEnv): string | null {
  const value = env.CRM_PUBLIC_URL?.trim();
  return value && publicUrlProblem(value) === null ? cleanPublicUrl(value) : null;
}

export interface PublicUrlSetting {
  /** The stored value, or null when the admin has not set one. */
  stored: string | null;
  /** What links use: the stored value, else CRM_PUBLIC_URL, else null (the caller falls back). */
  effective: string | null;
}

export async function readPublicUrl(db: Knex, env: NodeJS.ProcessEnv = process.env): Promise<PublicUrlSetting> {
  const row: { value: unknown } | undefined = await db('runtime_settings').where({ key: KEY }).first('value');
  const stored = typeof row?.value === 'string' && publicUrlProblem(row.value) === null ? row.value : null;
  return { stored, effective: stored ?? fromEnv(env) };
}

/** Stores a checked URL, or removes the setting for null. */
export async function writePublicUrl(db: Knex, url: string | null, userId: string): Promise<void> {
  if (url === null) {
    await db('runtime_settings').where({ key: KEY }).delete();
    return;
  }
  await db('runtime_settings')
    .insert({ key: KEY, value: JSON.stringify(url), updated_by: userId, updated_at: db.fn.now() })
    .onConflict('key')
    .merge();
}
