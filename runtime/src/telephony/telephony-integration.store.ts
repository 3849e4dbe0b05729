import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { TelephonyIntegration } from '@crm/schemas';
import type { TelephonyConfig } from './telephony-config.parser.js';

/*
 * Integrations and extensions in the database. The secret is random, shown once at creation and
 * kept only as its SHA-256 (a high-entropy token needs no slow hash), compared in constant time.
 */

export const SECRET_PREFIX = 'crm_pbx_';

export interface IntegrationRow {
  id: string;
  name: string;
  secret_hash: string;
  config: TelephonyConfig;
  created_by: string | null;
  created_at: string;
  secret_rotated_at: string | null;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function parseConfig(value: unknown): TelephonyConfig {
  return (typeof value === 'string' ? JSON.parse(value) : value) as TelephonyConfig;
}

function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export async function insertIntegration(knex: Knex, name: string, config: TelephonyConfig, createdBy: string): Promise<{ row: IntegrationRow; secret: string }> {
  const secret = newSecret();
  const [row] = await knex('telephony_integrations').insert({ name, secret_hash: hashSecret(secret), config: JSON.stringify(config), created_by: createdBy }).returning('*');
  return { row: { ...(row as IntegrationRow), config }, secret };
}

export async function findIntegration(knex: Knex, name: string): Promise<IntegrationRow | undefined> {
  const row = (await knex('telephony_integrations').where({ name }).whereNull('deleted_at').first()) as IntegrationRow | undefined;
  return row ? { ...row, config: parseConfig(row.config) } : undefined;
}

export async function listIntegrations(knex: Knex): Promise<IntegrationRow[]> {
  const rows = (await knex('telephony_integrations').whereNull('deleted_at').orderBy('name')) as IntegrationRow[];
  return rows.map((row) => ({ ...row, config: parseConfig(row.config) }));
}

export async function updateIntegrationConfig(knex: Knex, row: IntegrationRow, config: TelephonyConfig): Promise<IntegrationRow> {
  await knex('telephony_integrations').where({ id: row.id }).update({ config: JSON.stringify(config) });
  return { ...row, config };
}

/** A new secret for the integration; the old one stops working with this write. */
export async function rotateSecret(knex: Knex, row: IntegrationRow): Promise<{ row: IntegrationRow; secret: string }> {
  const secret = newSecret();
  const [updated] = await knex('telephony_integrations').where({ id: row.id }).update({ secret_hash: hashSecret(secret), secret_rotated_at: knex.fn.now() }).returning('*');
  return { row: { ...(updated as IntegrationRow), config: row.config }, secret };
}

export async function markIntegrationDeleted(knex: Knex, row: IntegrationRow): Promise<void> {
  await knex('telephony_integrations').where({ id: row.id }).update({ deleted_at: knex.fn.now() });
}

export function secretMatches(row: IntegrationRow, secret: string | undefined): boolean {
  if (!secret) return false;
  const given = Buffer.from(hashSecret(secret), 'hex');
  const kept = Buffer.from(row.secret_hash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

export async function setExtension(knex: Knex, integrationId: string, userId: string, extension: string): Promise<void> {
  await knex('telephony_extensions').where({ integration_id: integrationId, extension }).whereNot({ user_id: userId }).delete();
  await knex('telephony_extensions').insert({ integration_id: integrationId, user_id: userId, extension }).onConflict(['integration_id', 'user_id']).merge({ extension });
}

export async function clearExtension(knex: Knex, integrationId: string, userId: string): Promise<void> {
  await knex('telephony_extensions').where({ integration_id: integrationId, user_id: userId }).delete();
}

export async function listExtensions(knex: Knex, integrationId: string): Promise<Array<{ userId: string; extension: string }>> {
  const rows = (await knex('telephony_extensions').where({ integration_id: integrationId }).orderBy('extension')) as Array<{ user_id: string; extension: string }>;
  return rows.map((r) => ({ userId: r.user_id, extension: r.extension }));
}

export async function extensionOf(knex: Knex, integrationId: string, userId: string): Promise<string | undefined> {
  const row = (await knex('telephony_extensions').where({ integration_id: integrationId, user_id: userId }).first()) as { extension: string } | undefined;
  return row?.extension;
}

export async function userOfExtension(knex: Knex, integrationId: string, extension: string): Promise<string | undefined> {
  const row = (await knex('telephony_extensions').where({ integration_id: integrationId, extension }).first()) as { user_id: string } | undefined;
  return row?.user_id;
}

/** What admins see of an integration (the contract's shape). */
export type IntegrationView = TelephonyIntegration;

export function describeIntegration(row: IntegrationRow): IntegrationView {
  const when = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));
  return { id: row.id, name: row.name, config: row.config, createdAt: when(row.created_at), secretRotatedAt: row.secret_rotated_at ? when(row.secret_rotated_at) : null };
}
