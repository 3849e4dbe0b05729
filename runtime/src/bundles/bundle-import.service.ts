import { checkBundle, sameDocument, validateApp, type App, type AppBundle } from '@crm/schemas';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { BadRequestError, ConflictError, InvalidDefinitionError } from '../errors/index.js';
import { assignDefinitionIds } from '../definitions/definition-ids.assigner.js';
import { diffDefinitions } from '../definitions/schema.differ.js';
import { listRestorableArchives } from '../definitions/archive.store.js';
import { withRowCounts } from '../definitions/plan-row-counts.reader.js';
import type { PlanStep } from '../definitions/plan-step.types.js';
import type { DefinitionService } from '../definitions/definition.service.js';
import { insertableColumns, quoteIdent } from '../backup/database-catalog.reader.js';
import { appTables } from './bundle.writer.js';
import { withDraftRestoredOnFailure } from '../definitions/draft-restore.writer.js';
import { insertTextTemplate, parseTextTemplateInput } from '../text-templates/index.js';

/*
 * Imports a bundle into this instance without losing anything here: the bundle's definition is
 * published only when its plan drops nothing (a plan that would archive data is refused, naming the
 * steps); people and teams are added with their ids unless their email or name is already taken;
 * records are added with their ids (one already here is kept as it is), references to people the
 * instance does not have become empty, and relations between records are set once every record
 * is in, so they resolve whatever the order; document and e-mail templates are added through the
 * text templates' own parser (one whose name is taken here is kept as it is); the document numbering
 * counters a bundle with data carries are raised to the bundle's value where that is larger, never
 * lowered, so the next document here does not repeat a number an imported one carries; the files
 * attached to records and the documents made from them come in with their keys (one already here is
 * kept), after the records, so a file field's value and a record's documents open as they did there.
 * A dry run answers the plan and the counts.
 */

export interface BundleImportPreview {
  dryRun: true;
  plan: PlanStep[];
  people: number;
  teams: number;
  textTemplates: number;
  records: Record<string, number>;
  /** Document numbering counters the bundle carries (document_sequences), each raised here to at least its value. */
  documentSequences: number;
  /** Files attached to records, and documents made from records, that the bundle carries. */
  files: number;
  recordDocuments: number;
}

export interface BundleImportResult {
  dryRun: false;
  version: number | null;
  people: number;
  teams: number;
  /** Document and e-mail templates added (a name already here keeps its template). */
  textTemplates: number;
  records: Record<string, number>;
  /** Document numbering counters raised to the bundle's value (one already as high or higher here is left alone). */
  documentSequences: number;
  /** Files and documents added (one whose key is already here is kept as it is). */
  files: number;
  recordDocuments: number;
}

export interface BundleHost {
  definitionService: DefinitionService;
  knex: Knex;
}

function invalidBundle(input: unknown): AppBundle {
  const checked = checkBundle(input);
  if (checked.ok) return checked.bundle;
  const details = checked.problems.map((p) => ({ code: checked.newer ? 'NEWER_BUNDLE_FORMAT' : 'INVALID_BUNDLE', pointer: p.pointer, message: p.message.en, message_ru: p.message.ru }));
  if (checked.newer) throw ConflictError.create(checked.problems[0]?.message.en ?? 'The bundle is newer than this CRM.', details);
  throw BadRequestError.create('The file is not a valid CRM bundle.', details);
}

/**
 * Each file's content is `\\x` and its bytes in hex, and they are the bytes its sha256 and size name:
 * a file damaged or edited on the way is refused by name before anything is written, rather than
 * stored as something else (PostgreSQL would also read other text as bytes).
 */
function checkFiles(bundle: AppBundle): void {
  const problems = (bundle.files ?? []).flatMap((file, i) => {
    const hex = file.content.startsWith('\\x') ? file.content.slice(2) : null;
    const bytes = hex !== null && /^(?:[0-9a-f]{2})*$/i.test(hex) ? Buffer.from(hex, 'hex') : null;
    if (bytes && bytes.length === file.size && createHash('sha256').update(bytes).digest('hex') === file.sha256) return [];
    const message = `The file ${file.name} (${file.key}) is damaged: its content is not the bytes its sha256 and size name.`;
    return [{ code: 'FILE_DAMAGED', pointer: `/files/${i}/content`, message, message_ru: `Файл ${file.name} (${file.key}) повреждён: его содержимое не совпадает с контрольной суммой и размером.` }];
  });
  if (problems.length > 0) throw BadRequestError.create(problems[0]?.message ?? 'A file of the bundle is damaged.', problems);
}

function checkedDefinition(bundle: AppBundle): App {
  const result = validateApp(bundle.definition);
  if (result.ok) return result.app;
  throw InvalidDefinitionError.create(
    'The bundle\'s definition is not valid.',
    result.issues.map((i) => ({ code: i.code, pointer: `/definition${i.pointer}`, message: i.message.en, message_ru: i.message.ru })),
  );
}

async function planFor(host: BundleHost, app: App): Promise<{ plan: PlanStep[]; changes: boolean }> {
  const live = (await host.definitionService.getLive())?.app ?? null;
  const diff = diffDefinitions(live, assignDefinitionIds(app, live), await listRestorableArchives(host.knex));
  if (diff.refusals.length > 0) {
    throw ConflictError.create('The bundle\'s definition cannot replace the live one.', diff.refusals.map((r) => ({ code: 'REFUSED_CHANGE', field: r.field === undefined ? r.entity : `${r.entity}.${r.field}`, message: r.message.en, message_ru: r.message.ru })));
  }
  const plan = await withRowCounts(host.knex, diff.steps);
  const dropping = plan.filter((s) => s.destructive);
  if (dropping.length > 0) {
    throw ConflictError.create(
      `Importing the bundle would drop data here (${dropping.map((s) => s.id).join(', ')}); nothing was imported. Add those parts to the bundle's app or remove them here first.`,
      dropping.map((s) => ({ code: 'BUNDLE_WOULD_DROP', step: s.id, field: s.field === undefined ? s.entity : `${s.entity}.${s.field}`, message: s.description.en, message_ru: s.description.ru })),
    );
  }
  // Compared as documents (key order aside), as the publish compares them: an equal app saves no draft.
  return { plan, changes: live === null || plan.length > 0 || !sameDocument(live, app) };
}

function recordCounts(bundle: AppBundle): Record<string, number> {
  return Object.fromEntries(Object.entries(bundle.data ?? {}).map(([table, rows]) => [table, rows.length]));
}

/** Bundle people whose email is already someone's here: that person stands in for them (their id here). */
async function samePeopleHere(trx: Knex.Transaction, bundle: AppBundle): Promise<Array<{ bundle: string; local: string }>> {
  const emails = (bundle.people ?? []).map((p) => p.email.toLowerCase());
  if (emails.length === 0) return [];
  const here: Array<{ id: string; email: string }> = (await trx.raw('SELECT id, email FROM users WHERE lower(email) = ANY(?)', [emails])).rows;
  return (bundle.people ?? []).flatMap((p) => {
    const match = here.find((h) => h.email.toLowerCase() === p.email.toLowerCase());
    return match && match.id !== p.id ? [{ bundle: p.id, local: match.id }] : [];
  });
}

async function importPeople(trx: Knex.Transaction, bundle: AppBundle): Promise<{ people: number; teams: number }> {
  let teams = 0;
  let people = 0;
  for (const team of bundle.teams ?? []) {
    const added = await trx.raw(`INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING`, [team.id, team.name]);
    teams += added.rowCount ?? 0;
  }
  for (const person of bundle.people ?? []) {
    const added = await trx.raw(
      `INSERT INTO users (id, email, name, password_hash, roles, attributes, disabled, locale) VALUES (?, ?, ?, NULL, ?, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING`,
      [person.id, person.email, person.name, person.roles, JSON.stringify(person.attributes), person.disabled, person.locale],
    );
    people += added.rowCount ?? 0;
  }
  // Links between people and teams, once all of them exist (only those this import added).
  for (const team of bundle.teams ?? []) {
    await trx.raw(
      `UPDATE teams SET parent_id = (SELECT id FROM teams WHERE id = ?), manager_id = (SELECT id FROM users WHERE id = ?) WHERE id = ? AND parent_id IS NULL AND manager_id IS NULL`,
      [team.parentId, team.managerId, team.id],
    );
  }
  for (const person of bundle.people ?? []) {
    await trx.raw(`UPDATE users SET team_id = (SELECT id FROM teams WHERE id = ?), manager_id = (SELECT id FROM users WHERE id = ?) WHERE id = ? AND password_hash IS NULL AND team_id IS NULL`, [
      person.teamId,
      person.managerId,
      person.id,
    ]);
  }
  return { people, teams };
}

interface ForeignColumn {
  column: string;
  target: string;
  /** The column of `target` it points at (a record's id, a file's key). */
  targetColumn: string;
}

async function foreignColumns(trx: Knex.Transaction, table: string): Promise<ForeignColumn[]> {
  const rows: ForeignColumn[] = (
    await trx.raw(
      `SELECT a.attname AS column, t.relname AS target, ta.attname AS "targetColumn"
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] JOIN pg_class t ON t.oid = c.confrelid
         JOIN pg_attribute ta ON ta.attrelid = c.confrelid AND ta.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND c.conrelid = ?::regclass AND array_length(c.conkey, 1) = 1`,
      [`public.${quoteIdent(table)}`],
    )
  ).rows;
  return rows;
}

/*
 * A value the table's column cannot hold (an id that is not a uuid, text in a number column: SQLSTATE
 * class 22) or a row a constraint refuses (class 23) is the bundle's fault, not the server's: a 400
 * naming the table and what the database said, and the import's transaction rolls back whole.
 */
function refusedRows(table: string, error: unknown): unknown {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (!code.startsWith('22') && !code.startsWith('23')) return error;
  const said = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return BadRequestError.create(`The database refused the bundle's rows of ${table}: ${said}`, [
    { code: 'ROWS_REFUSED', field: `data.${table}`, message: `A row of ${table} cannot be stored: ${said}`, message_ru: `Строку таблицы ${table} нельзя сохранить: ${said}` },
  ]);
}

/** A person the instance has (same id, or same email under another id), or nobody. */
const personHere = (column: string): string =>
  `COALESCE((SELECT id FROM users WHERE id = r.${quoteIdent(column)}), (SELECT m.local FROM same_people m WHERE m.bundle = r.${quoteIdent(column)}))`;

/**
 * Rows of `table` in with their keys, one already here kept as it is; a reference to a person goes
 * through personHere, one to another table's row stays when that row is here (else NULL, which a
 * required reference refuses as ROWS_REFUSED). Tables the app does not define (files, documents).
 */
async function importRows(trx: Knex.Transaction, table: string, rows: readonly object[], samePeople: string): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = await insertableColumns(trx, table);
  const foreign = await foreignColumns(trx, table);
  const value = (column: string): string => {
    const ref = foreign.find((f) => f.column === column);
    if (!ref) return `r.${quoteIdent(column)}`;
    if (ref.target === 'users') return personHere(column);
    return `(SELECT ${quoteIdent(ref.targetColumn)} FROM ${quoteIdent(ref.target)} WHERE ${quoteIdent(ref.targetColumn)} = r.${quoteIdent(column)})`;
  };
  const result = await trx
    .raw(
      `WITH same_people AS (SELECT * FROM json_to_recordset(?::json) AS m(bundle uuid, local uuid))
       INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) SELECT ${columns.map(value).join(', ')} FROM json_populate_recordset(NULL::${quoteIdent(table)}, ?::json) r ON CONFLICT DO NOTHING`,
      [samePeople, JSON.stringify(rows)],
    )
    .catch((error: unknown) => {
      throw refusedRows(table, error);
    });
  return result.rowCount ?? 0;
}

/** Rows in with their ids; references to records are put in afterwards (second pass), so order does not matter. */
async function importRecords(trx: Knex.Transaction, bundle: AppBundle, samepeople: Array<{ bundle: string; local: string }>): Promise<Record<string, number>> {
  const peopleMap = JSON.stringify(samepeople);
  const here = new Set(await appTables(trx));
  const data = bundle.data ?? {};
  const missing = Object.keys(data).filter((t) => !here.has(t));
  if (missing.length > 0) {
    throw BadRequestError.create(`The bundle holds records of tables its definition does not make: ${missing.join(', ')}.`, missing.map((t) => ({ code: 'UNKNOWN_TABLE', field: t, message: `No table ${t} in the app.`, message_ru: `В приложении нет таблицы ${t}.` })));
  }
  const added: Record<string, number> = {};
  const later: Array<{ table: string; columns: ForeignColumn[]; rows: string }> = [];
  const ordered = Object.keys(data).sort((a, b) => (a.startsWith('lnk_') ? 1 : 0) - (b.startsWith('lnk_') ? 1 : 0));
  for (const table of ordered) {
    const rows = JSON.stringify(data[table] ?? []);
    const columns = await insertableColumns(trx, table);
    const foreign = await foreignColumns(trx, table);
    const isLink = table.startsWith('lnk_');
    const recordRefs = isLink ? [] : foreign.filter((f) => f.target !== 'users');
    const value = (column: string): string => {
      const ref = foreign.find((f) => f.column === column);
      if (!ref) return `r.${quoteIdent(column)}`;
      if (recordRefs.includes(ref)) return 'NULL';
      if (ref.target === 'users') return personHere(column);
      return `(SELECT id FROM ${quoteIdent(ref.target)} WHERE id = r.${quoteIdent(column)})`;
    };
    const list = columns.map(quoteIdent).join(', ');
    const result = await trx
      .raw(
        `WITH same_people AS (SELECT * FROM json_to_recordset(?::json) AS m(bundle uuid, local uuid))
       INSERT INTO ${quoteIdent(table)} (${list}) SELECT ${columns.map(value).join(', ')} FROM json_populate_recordset(NULL::${quoteIdent(table)}, ?::json) r ON CONFLICT DO NOTHING`,
        [peopleMap, rows],
      )
      .catch((error: unknown) => {
        throw refusedRows(table, error);
      });
    added[table] = result.rowCount ?? 0;
    if (recordRefs.length > 0) later.push({ table, columns: recordRefs, rows });
  }
  for (const { table, columns, rows } of later) {
    const sets = columns.map((c) => `${quoteIdent(c.column)} = (SELECT id FROM ${quoteIdent(c.target)} WHERE id = r.${quoteIdent(c.column)})`).join(', ');
    await trx.raw(`UPDATE ${quoteIdent(table)} AS t SET ${sets} FROM json_populate_recordset(NULL::${quoteIdent(table)}, ?::json) r WHERE t.id = r.id`, [rows]);
  }
  return added;
}

export async function importBundle(host: BundleHost, input: unknown, actor: { id: string }, options: { dryRun?: boolean } = {}): Promise<BundleImportPreview | BundleImportResult> {
  const bundle = invalidBundle(input);
  checkFiles(bundle);
  const app = checkedDefinition(bundle);
  const { plan, changes } = await planFor(host, app);
  if (options.dryRun) {
    return {
      dryRun: true,
      plan,
      people: bundle.people?.length ?? 0,
      teams: bundle.teams?.length ?? 0,
      textTemplates: bundle.textTemplates?.length ?? 0,
      records: recordCounts(bundle),
      documentSequences: bundle.documentSequences?.length ?? 0,
      files: bundle.files?.length ?? 0,
      recordDocuments: bundle.recordDocuments?.length ?? 0,
    };
  }
  // Parsed before anything is written: a template that cannot render refuses the import.
  const textTemplates = (bundle.textTemplates ?? []).map((template) => parseTextTemplateInput(template, app));
  // People, records and text templates go in the publish's transaction: all of it commits or none.
  let counts: ImportCounts | null = null;
  const contents = async (trx: Knex.Transaction): Promise<void> => {
    counts = await importContents(trx, bundle, textTemplates, actor);
  };
  let version: number | null = null;
  if (changes) {
    const published = await withDraftRestoredOnFailure(host.knex, {
      saveDraft: async () => (await host.definitionService.putDraft(app, actor)).stamp,
      publish: (draftStamp) => host.definitionService.publish({ note: 'bundle import', record: contents, draftStamp }, actor),
    }).catch((error: unknown) => {
      // The same definition as live: nothing to publish, and the draft the import saved has been
      // put back as it was (an admin's unpublished work is not replaced by a copy of live); the
      // records still come in (below).
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'NOTHING_TO_PUBLISH') return null;
      throw error;
    });
    version = published && !published.dryRun ? published.version : null;
  }
  const written = counts ?? (await host.knex.transaction((trx) => importContents(trx, bundle, textTemplates, actor)));
  return { dryRun: false, version, ...written };
}

type ImportCounts = Omit<BundleImportResult, 'dryRun' | 'version'>;

async function importContents(trx: Knex.Transaction, bundle: AppBundle, textTemplates: ReturnType<typeof parseTextTemplateInput>[], actor: { id: string }): Promise<ImportCounts> {
  const sameHere = await samePeopleHere(trx, bundle);
  const people = await importPeople(trx, bundle);
  const records = await importRecords(trx, bundle, sameHere);
  // After the records they belong to; documents after the files that hold them.
  const files = await importRows(trx, 'files', bundle.files ?? [], JSON.stringify(sameHere));
  const recordDocuments = await importRows(trx, 'record_documents', bundle.recordDocuments ?? [], JSON.stringify(sameHere));
  let added = 0;
  for (const template of textTemplates) if (await insertTextTemplate(trx, template, actor.id)) added += 1;
  return { ...people, textTemplates: added, records, documentSequences: await raiseDocumentSequences(trx, bundle), files, recordDocuments };
}

/**
 * Each counter of the bundle is set to the larger of its value here and the bundle's: its documents
 * came in with their numbers, so the next one must go on after them, and numbers already given here
 * are never given again. The row lock the upsert takes orders it with documents being numbered.
 */
async function raiseDocumentSequences(trx: Knex.Transaction, bundle: AppBundle): Promise<number> {
  const sequences = bundle.documentSequences ?? [];
  if (sequences.length === 0) return 0;
  const result = await trx.raw(
    `INSERT INTO document_sequences (name, period, last_value)
     SELECT s.name, s.period, max(s."lastValue") FROM json_to_recordset(?::json) AS s(name text, period text, "lastValue" bigint) GROUP BY s.name, s.period
     ON CONFLICT (name, period) DO UPDATE SET last_value = EXCLUDED.last_value, updated_at = now()
     WHERE document_sequences.last_value < EXCLUDED.last_value`,
    [JSON.stringify(sequences)],
  );
  return result.rowCount ?? 0;
}
