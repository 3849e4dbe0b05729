import type { Knex } from 'knex';
import { isUiLocale, type UiLocale } from '@crm/schemas';

/*
 * The language a user chose in the UI, kept on their row (users.locale, migration
 * 0011_auth_user_locale) so it follows them to another browser. Only the auth area reads it.
 */

export async function readUserLocale(knex: Knex, userId: string): Promise<UiLocale | null> {
  const row: { locale: string | null } | undefined = await knex('users').where({ id: userId }).first('locale');
  return isUiLocale(row?.locale) ? row.locale : null;
}

export async function writeUserLocale(knex: Knex, userId: string, locale: UiLocale): Promise<void> {
  await knex('users').where({ id: userId }).update({ locale, updated_at: knex.fn.now() });
}
