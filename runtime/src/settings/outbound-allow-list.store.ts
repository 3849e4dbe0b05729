import type { Knex } from 'knex';

/*
 * The hosts an admin lets processes reach although they are private (an ERP on the office
 * network): names, wildcards (`*.corp.example`), IPs or CIDRs, as the outbound client reads them.
 * Kept in runtime_settings, plus CRM_OUTBOUND_ALLOW_HOSTS for operators (comma-separated).
 */

const KEY = 'outbound.allowHosts';
const ENTRY = /^[A-Za-z0-9.*:\-/[\]]{1,253}$/;

export function envAllowHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.CRM_OUTBOUND_ALLOW_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
}

export async function readAllowHosts(db: Knex): Promise<string[]> {
  const row: { value: unknown } | undefined = await db('runtime_settings').where({ key: KEY }).first('value');
  const stored = Array.isArray(row?.value) ? row.value.filter((h): h is string => typeof h === 'string') : [];
  return [...new Set([...envAllowHosts(), ...stored])];
}

/** The entries that are not host names, IPs or CIDRs (empty when all are fine). */
export function invalidAllowEntries(hosts: readonly unknown[]): string[] {
  return hosts.filter((h) => typeof h !== 'string' || !ENTRY.test(h.trim())).map((h) => String(h));
}

export async function writeAllowHosts(db: Knex, hosts: readonly string[], userId: string): Promise<string[]> {
  const clean = [...new Set(hosts.map((h) => h.trim().toLowerCase()))];
  await db('runtime_settings')
    .insert({ key: KEY, value: JSON.stringify(clean), updated_by: userId, updated_at: db.fn.now() })
    .onConflict('key')
    .merge();
  return clean;
}
