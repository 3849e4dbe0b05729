import type { AppBundle, BundleDocumentSequence, BundleFile, BundlePerson, BundleRecordDocument, BundleTeam } from '@crm/schemas';
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
 * fresh app starts at 1), the files attached to its records and the documents made from them (a file
 * field's value and a record's documents are keys into those: without them they would open nothing);
 * with `people` its teams and people, never their password hashes (a bundle
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

/** Files attached to records (an upload not attached yet belongs to a form still being filled in). */
async function attachedFilesOf(trx: Knex.Transaction): Promise<BundleFile[]> {
  const rows: Array<{ r: BundleFile }> = (await trx.raw(`SELECT to_jsonb(f) AS r FROM files f WHERE attached_at IS NOT NULL ORDER BY key`)).rows;
  return rows.map((row) => row.r);
}

async function recordDocumentsOf(trx: Knex.Transaction): Promise<BundleRecordDocument[]> {
  const rows: Array<{ r: BundleRecordDocument }> = (await trx.raw(`SELECT to_jsonb(d) AS r FROM record_documents d ORDER BY created_at, id`)).rows;
  return rows.map((row) => row.r);
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
      const files = await attachedFilesOf(trx);
      if (files.length > 0) bundle.files = files;
      const documents = await recordDocumentsOf(trx);
      if (documents.length > 0) bundle.recordDocuments = documents;
    }
    return bundle;
  });
}
