import { validateApp, type App, type TemplateBundle, type TemplateInstallMode, type TemplateInstallPreview } from '@crm/schemas';
import { listTemplates, readTemplate } from '@crm/templates';
import type { Knex } from 'knex';
import type { Runtime } from '../runtime.factory.js';
import type { PublishRecorder } from '../definitions/definition.service.js';

/** What an install needs of the runtime (routes have these, not the whole runtime). */
export type InstallHost = Pick<Runtime, 'definitionService' | 'context' | 'engine'>;
import { hashPassword } from '../auth/password.hasher.js';
import { assertDemoPassword, FIRST_ADMIN_EMAIL } from '../auth/admin.bootstrap.js';
import { findUserByEmail, toActor } from '../people/users.repository.js';
import type { Actor } from '../people/user.types.js';
import { ConflictError, InvalidDefinitionError, NotFoundError } from '../errors/index.js';
import { assignDefinitionIds } from '../definitions/definition-ids.assigner.js';
import { diffDefinitions } from '../definitions/schema.differ.js';
import { listRestorableArchives } from '../definitions/archive.store.js';
import { readLive } from '../definitions/definition.repository.js';
import { withDraftRestoredOnFailure } from '../definitions/draft-restore.writer.js';
import { withRowCounts } from '../definitions/plan-row-counts.reader.js';
import { appWithTemplate, partsOf, recordCountsOf, templateClashes } from './template-merge.rules.js';
import { TemplateClashError } from './template-clash.error.js';
import { writeDemoRecords } from './template-demo.writer.js';
import { writeTemplatePeople } from './template-people.writer.js';
import { checkTemplate, insertTextTemplate, listTextTemplates, parseTextTemplateInput } from '../text-templates/index.js';

export interface InstallResult {
  installed: boolean;
  summary: string;
  mode?: TemplateInstallMode;
  version?: number;
  people?: number;
  records?: number;
}

export interface InstallOptions {
  demoPassword?: string | undefined;
  /**
   * Add the template beside a live app (the gallery and POST /api/templates/:name/install). Without
   * it a live app is left alone, so restarting `npm start -- --template x` is harmless.
   */
  beside?: boolean;
  /**
   * Create the demo records through the engine's seams, as a person's save over HTTP is, so
   * processes bound to create (routing, SLA deadlines, amounts from lines) run on them; after-save
   * runs wait in the outbox until workers start. Opt-in: every template's demo passes its own
   * before-save rules now (checked for all five), but running processes on install also sends their
   * effects (mail to the demo people, webhooks such as support-desk's survey, round-robin owners
   * replacing the demo's), which an admin should ask for rather than get from `npm start`.
   */
  runProcesses?: boolean;
  /** The folder holding the templates (TEMPLATES_DIR); tests install a changed copy from another. */
  root?: string;
}

function templateOrNotFound(name: string, root: string | undefined): TemplateBundle {
  const result = readTemplate(name, root);
  if (result.ok) return result.template;
  const available = listTemplates(root).join(', ') || '(none)';
  throw NotFoundError.create(`There is no valid template "${name}". Templates: ${available}.`, [
    { code: 'NO_TEMPLATE', field: 'name', message: `There is no valid template "${name}". Templates: ${available}.`, message_ru: `Шаблона «${name}» нет. Шаблоны: ${available}.` },
  ]);
}

interface PreparedInstall {
  bundle: TemplateBundle;
  mode: TemplateInstallMode;
  live: App | null;
  app: App;
}

/** The template and the app it would make, refused (409, every clash named) when a name is taken. */
async function prepareInstall(runtime: InstallHost, name: string, root?: string): Promise<PreparedInstall> {
  const bundle = templateOrNotFound(name, root);
  const knex = runtime.context.db.knex;
  const live = (await runtime.definitionService.getLive())?.app ?? null;
  const teams: Array<{ name: string }> = await knex('teams').select('name');
  const emails: Array<{ email: string }> = await knex('users').select('email');
  const textTemplates = (await listTextTemplates(knex, {})).map((t) => t.name);
  const clashes = templateClashes(live, bundle, { teams: teams.map((t) => t.name), emails: emails.map((u) => u.email), textTemplates });
  if (clashes.length > 0) {
    const names = clashes.map((c) => String(c.field)).join(', ');
    throw TemplateClashError.create(`The template "${name}" cannot be added beside the live app: these names are taken: ${names}. Nothing was changed.`, clashes);
  }
  refuseInvalidLiquid(bundle);
  return { bundle, mode: live ? 'beside' : 'new', live, app: live ? appWithTemplate(live, bundle.app) : bundle.app };
}

/**
 * The template's document and e-mail templates must parse (liquidjs, as saving one through the API
 * checks); validateTemplate has already checked their shape, entities and fields.
 */
function refuseInvalidLiquid(bundle: TemplateBundle): void {
  const problems = (bundle.textTemplates ?? []).flatMap((template, i) =>
    (['body', 'subject', 'fileName'] as const).flatMap((part) => {
      const source = template[part];
      return source === undefined ? [] : checkTemplate(source, part).map((problem) => ({ ...problem, pointer: `/textTemplates/${i}/${part}` }));
    }),
  );
  if (problems.length === 0) return;
  throw InvalidDefinitionError.create(
    `The template "${bundle.name}" has document or e-mail templates that do not parse: ${problems.map((p) => p.pointer).join(', ')}.`,
    problems.map((p) => ({ ...p, message_ru: `Шаблон не разбирается: ${p.message}` })),
  );
}

/** The template's document and e-mail templates, through the runtime's own parser and store. */
async function writeTextTemplates(trx: Knex.Transaction, prepared: PreparedInstall, adminId: string): Promise<void> {
  const { bundle, app } = prepared;
  for (const input of bundle.textTemplates ?? []) {
    if (await insertTextTemplate(trx, parseTextTemplateInput(input, app), adminId)) continue;
    // Created since prepareInstall looked: the same refusal as a clash found before.
    const clashes = templateClashes(null, { ...bundle, teams: [], users: [], textTemplates: [input] }, { teams: [], emails: [], textTemplates: [input.name] });
    throw TemplateClashError.create(`The template "${bundle.name}" cannot be added beside the live app: these names are taken: textTemplates/${input.name}. Nothing was changed.`, clashes);
  }
}

/**
 * What installing would create, and the publish plan the definitions service would carry out for the
 * resulting app (the same diff a publish computes); nothing is written.
 */
export async function previewTemplateInstall(runtime: InstallHost, name: string, options: Pick<InstallOptions, 'root'> = {}): Promise<TemplateInstallPreview> {
  const prepared = await prepareInstall(runtime, name, options.root);
  const checked = validateApp(prepared.app);
  if (!checked.ok) {
    throw InvalidDefinitionError.create(
      `The app with the template "${name}" would not be valid.`,
      checked.issues.map((i) => ({ code: i.code, pointer: i.pointer, message: i.message.en, message_ru: i.message.ru })),
    );
  }
  const knex = runtime.context.db.knex;
  const diff = diffDefinitions(prepared.live, assignDefinitionIds(checked.app, prepared.live), await listRestorableArchives(knex));
  return {
    dryRun: true,
    template: prepared.bundle.name,
    mode: prepared.mode,
    creates: partsOf(prepared.bundle, prepared.live),
    records: recordCountsOf(prepared.bundle),
    plan: await withRowCounts(knex, diff.steps),
  };
}

/** A draft that differs from live is someone's unpublished work: an install would publish or lose it. */
async function refuseWithPendingDraft(runtime: InstallHost): Promise<void> {
  const draft = await runtime.definitionService.getDraft();
  const live = await runtime.definitionService.getLive();
  if (!draft || draft.source !== 'draft' || !live) return;
  if (JSON.stringify(draft.definition) === JSON.stringify(live.app)) return;
  const message = 'The definition has an unpublished draft: publish or discard it before installing a template beside the live app.';
  throw ConflictError.create(message, [
    { code: 'DRAFT_PENDING', field: 'draft', message, message_ru: 'Есть неопубликованный черновик: опубликуйте или отмените его, прежде чем добавлять шаблон.' },
  ]);
}

/**
 * Installs an industry template in one step: its app definition is published (creating the tables)
 * and, in the publish's own transaction, its document and e-mail templates, teams, people and demo
 * records are created through the same services the API uses, so demo data passes the same
 * validation and gets history (template-demo.writer.ts: relative dates, and processes when
 * `runProcesses`, whose after-save runs are queued in that transaction and start after its commit).
 * Everything commits together or not at all: a failure anywhere leaves no version, table, person,
 * text template, record or run behind, and the draft as it was. Into a live app (with `beside`) the
 * template's parts are added beside the app's own, or the install is refused naming the clashes.
 */
export async function installTemplate(runtime: InstallHost, name: string, options: InstallOptions = {}): Promise<InstallResult> {
  const { definitionService, context } = runtime;
  const knex = context.db.knex;
  // Checked before anything is installed, so a weak password leaves the database untouched.
  assertDemoPassword(options.demoPassword);
  if (!options.beside && (await definitionService.getLive())) {
    return { installed: false, summary: 'a definition is already live; nothing installed' };
  }
  const prepared = await prepareInstall(runtime, name, options.root);
  if (prepared.mode === 'beside') await refuseWithPendingDraft(runtime);
  const admin = await findUserByEmail(knex, FIRST_ADMIN_EMAIL);
  if (!admin) throw new Error('the first admin must exist before a template is installed');
  // Slow on purpose, so it is done before the transaction opens.
  const passwordHash = options.demoPassword ? await hashPassword(options.demoPassword) : null;

  const written = { people: 0, records: 0 };
  const contents: PublishRecorder = async (trx, { version }) => {
    await writeTextTemplates(trx, prepared, admin.id);
    const userIds = await writeTemplatePeople(trx, prepared.bundle, passwordHash);
    written.people = userIds.size;
    written.records = await writeDemo(runtime, trx, { version, admin: toActor(admin), userIds, runProcesses: options.runProcesses === true }, prepared.bundle);
  };
  const published = await withDraftRestoredOnFailure(knex, {
    saveDraft: async () => (await definitionService.putDraft(prepared.app, { id: admin.id })).stamp,
    publish: (draftStamp) => definitionService.publish({ note: `template ${prepared.bundle.name}`, record: contents, draftStamp }, { id: admin.id }),
  });
  const version = published.dryRun ? 0 : published.version;
  return {
    installed: true,
    summary: `definition v${version}, ${written.people} people, ${written.records} records`,
    mode: prepared.mode,
    version,
    people: written.people,
    records: written.records,
  };
}

interface DemoContext {
  version: number;
  admin: Actor;
  userIds: ReadonlyMap<string, string>;
  runProcesses: boolean;
}

/** The demo records, on the publish's transaction, under the version it is publishing (read there: not yet committed). */
async function writeDemo(runtime: InstallHost, trx: Knex.Transaction, demo: DemoContext, bundle: TemplateBundle): Promise<number> {
  const live = await readLive(trx);
  if (live?.version !== demo.version) throw new Error(`the template's version ${demo.version} is not live inside its own publish`);
  return writeDemoRecords(
    {
      knex: trx,
      app: live.app,
      version: live.version,
      admin: demo.admin,
      userIds: demo.userIds,
      now: runtime.engine.clock(),
      seams: demo.runProcesses ? runtime.engine.seams : undefined,
    },
    bundle.data,
  );
}
