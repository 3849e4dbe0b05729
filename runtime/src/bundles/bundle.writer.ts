import type { AppBundle, BundleDocumentSequence, BundlePerson, BundleTeam } from '@crm/schemas';
import { BUNDLE_FORMAT_VERSION } from '@crm/schemas';
import type { Knex } from 'knex';
import { NotFoundError } from '../errors/index.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { RUNTIME_VERSION } from '../version.js';
import { quoteIdent } from '../backup/database-catalog.reader.js';
import { listTextTemplates } from '../text-templates/index.js';

/*
 * The live app as one bundle (schemas/json/bundle.schema.json): its definition and its document and
 * e-mail templates (they live in text_templates, beside the definition); with `data` the rows
 * of its record and link tables, ids included, so relations between them still resolve after an
 * import, and its document numbering counters (document_sequences), so the documents made after an
 * import go on from the numbers the imported app already gave (a definition-only bundle has none: a
 * fresh app starts at 1); with `people` its teams and people, never their password hashes (a bundle
 * travels between organisations; a backup is what carries hashes).
 */

export interface BundleExportOptions {
  data?: boolean;
  people?: boolean;
}

/** The app's current record and link tables (archives of dropped parts are not the app's data). */
export async function appTables(knex: Knex | Knex.Transaction): Promise<string[]> {
  const rows: Array<{ name: string }> = (
    await knex.raw(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE 'rec\\_%' OR tablename LIKE 'lnk\\_%') ORDER BY tablename`)
  ).rows;
  return rows.map((r) => r.name);
}

async function documentSequencesOf(trx: Knex.Transaction): Promise<BundleDocumentSequence[]> {
  const rows: Array<{ name: string; period: string; last_value: string | number }> = await trx('document_sequences')
    .select('name', 'period', 'last_value')
    .where('last_value', '>', 0)
    .orderBy(['name', 'period']);
  return rows.map((r) => ({ name: r.name, period: r.period, lastValue: Number(r.last_value) }));
}

async function peopleOf(trx: Knex.Transaction): Promise<{ teams: BundleTeam[]; people: BundlePerson[] }> {
  const teams: Array<{ id: string; name: string; parent_id: string | null; manager_id: string | null }> = await trx('teams')
    .select('id', 'name', 'parent_id', 'manager_id')
    .orderBy('name');
  const users: Array<{ id: string; email: string; name: string; roles: string[]; team_id: string | null; manager_id: string | null; attributes: Record<string, unknown>; disabled: boolean; locale: string | null }> =
    await trx('users').select('id', 'email', 'name', 'roles', 'team_id', 'manager_id', 'attributes', 'disabled', 'locale').orderBy('email');
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name, parentId: t.parent_id, managerId: t.manager_id })),
    people: users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      roles: u.roles,
      teamId: u.team_id,
      managerId: u.manager_id,
      attributes: u.attributes,
      disabled: u.disabled,
      locale: u.locale,
    })),
  };
}

export async function exportBundle(knex: Knex, definitions: LiveDefinitionSource, options: BundleExportOptions = {}): Promise<AppBundle> {
  return knex.transaction(async (trx) => {
    await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const live = await definitions.getLive(trx);
    if (!live) throw NotFoundError.create('Nothing has been published yet: there is no app to export.');
    const bundle: AppBundle = {
      format: 'crm-bundle',
      formatVersion: BUNDLE_FORMAT_VERSION,
      appVersion: RUNTIME_VERSION,
      exportedAt: new Date().toISOString(),
      definition: live.app,
    };
    const textTemplates = (await listTextTemplates(trx, {})).map(({ updatedAt: _updatedAt, ...template }) => template);
    if (textTemplates.length > 0) bundle.textTemplates = textTemplates;
    if (options.people) Object.assign(bundle, await peopleOf(trx));
    if (options.data) {
      const data: Record<string, Array<Record<string, unknown>>> = {};
      for (const table of await appTables(trx)) {
        // The generated search column is derived; it is computed again on import.
        const rows: Array<{ r: Record<string, unknown> }> = (await trx.raw(`SELECT to_jsonb(t) - '_search' AS r FROM ${quoteIdent(table)} t`)).rows;
        data[table] = rows.map((row) => row.r);
      }
      bundle.data = data;
      const sequences = await documentSequencesOf(trx);
      if (sequences.length > 0) bundle.documentSequences = sequences;
    }
    return bundle;
  });
}
