import { sameDocument, validateApp, type App, type DefinitionIssue } from '@crm/schemas';
import type { Knex } from 'knex';
import {
  ConfirmationRequiredError,
  ConflictError,
  InvalidDefinitionError,
  NotFoundError,
  NothingToPublishError,
  UnsafeMigrationError,
  type AppError,
  type ErrorDetail,
} from '../errors/index.js';
import type { LiveDefinition, LiveDefinitionSource } from '../runtime.context.js';
import { listArchives, listRestorableArchives, type ArchiveSummary } from './archive.store.js';
import { assignDefinitionIds } from './definition-ids.assigner.js';
import { findStorageIssues } from './definition-storage.checks.js';
import {
  deleteDraft,
  insertLiveVersion,
  listVersions,
  lockPublishing,
  nextVersionNumber,
  readDraft,
  readLive,
  readVersion,
  writeDraft,
  type DraftStamp,
  type VersionDetail,
  type VersionSummary,
} from './definition.repository.js';
import { createLiveDefinitionCache, DEFINITIONS_CHANNEL, type LiveDefinitionCache } from './live-definition.cache.js';
import type { PlanStep } from './plan-step.types.js';
import { withRowCounts } from './plan-row-counts.reader.js';
import { diffDefinitions, type Refusal } from './schema.differ.js';
import { migrateSchema } from './schema.migrator.js';

/** Who edits or publishes; only the id is recorded. */
export interface DefinitionActor {
  id: string;
}

/** GET draft: the draft being edited, or the live definition when nobody is editing one. */
export interface DraftView {
  /** The stored draft, possibly with issues (saved with allowIssues), or the live app. */
  definition: unknown;
  source: 'draft' | 'live';
  /** The live version (source 'live'), or the version the draft will replace (null before the first publish). */
  liveVersion: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * Runs inside the publish's transaction once the new version is in place (the audit entry), so the
 * publish and its record commit together: if the record cannot be written, no version is created.
 */
export type PublishRecorder = (trx: Knex.Transaction, published: { version: number; plan: PlanStep[] }) => Promise<void>;

export interface PublishOptions {
  /** Only compute the plan; change nothing. */
  dryRun?: boolean;
  /** Ids of the destructive steps the publisher agrees to. */
  confirm?: readonly string[];
  note?: string | null;
  record?: PublishRecorder;
  /**
   * Publish the draft only if it is still this save (an install's own); another save since is
   * refused with 409 DRAFT_CHANGED, so an install never publishes someone else's draft.
   */
  draftStamp?: DraftStamp;
}

/** Runs inside the discard's transaction (the audit entry, the waiting text templates): they commit together. */
export type DiscardRecorder = (trx: Knex.Transaction, discarded: { liveVersion: number; hadDraft: boolean }) => Promise<void>;

export type PublishOutcome =
  | { dryRun: false; version: number; plan: PlanStep[] }
  | { dryRun: true; plan: PlanStep[]; issues: DefinitionIssue[] };

export interface DefinitionService extends LiveDefinitionSource {
  /** See LiveDefinitionCache.watch: trust the cached live version while publishes are heard. */
  watchPublishes: LiveDefinitionCache['watch'];
  getDraft(): Promise<DraftView | null>;
  /**
   * The draft as an app the engine can run (a test run of what the builder shows), version 0; the
   * live app when there is no draft; null when neither exists. A draft that is not a valid app is
   * refused with a 422 listing its problems (each pointing at its process and node).
   */
  getDraftApp(): Promise<{ version: number; app: App } | null>;
  /**
   * Validates, gives entities and fields without one a stable id, and stores the draft. A draft
   * with issues is refused (422), unless `allowIssues`: then the builder's work in progress is
   * stored as it is and the issues come back (publish still refuses it).
   */
  putDraft(input: unknown, actor: DefinitionActor, options?: { allowIssues?: boolean }): Promise<{ definition: unknown; issues: DefinitionIssue[]; stamp: DraftStamp }>;
  /**
   * Throws the draft away: the draft is the live definition again (answered, with its version).
   * Nothing published yet is 409 NOTHING_PUBLISHED (there is no version to go back to).
   */
  discardDraft(actor: DefinitionActor, record?: DiscardRecorder): Promise<{ definition: App; liveVersion: number; hadDraft: boolean }>;
  /** Publishes the draft as a new version; with no draft, or one identical to live, NOTHING_TO_PUBLISH (409). */
  publish(options: PublishOptions, actor: DefinitionActor): Promise<PublishOutcome>;
  listVersions(): Promise<VersionSummary[]>;
  getVersion(version: number): Promise<VersionDetail | null>;
  /** Publishes an earlier version's definition as a new version; data dropped since comes back from archives. */
  rollback(
    version: number,
    actor: DefinitionActor,
    confirm?: readonly string[],
    options?: { dryRun?: boolean; record?: PublishRecorder },
  ): Promise<PublishOutcome>;
  listArchives(): Promise<ArchiveSummary[]>;
}

/** Key order aside (jsonb reorders keys), the same JSON document. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issueDetail(issue: DefinitionIssue): ErrorDetail {
  return {
    code: issue.code,
    pointer: issue.pointer,
    ...(issue.nodeId === undefined ? {} : { nodeId: issue.nodeId }),
    ...(issue.process === undefined ? {} : { process: issue.process }),
    message: issue.message.en,
    message_ru: issue.message.ru,
  };
}

function invalidDefinition(issues: readonly DefinitionIssue[]): AppError {
  const [first] = issues;
  const summary = issues.length === 1 && first ? first.message.en : `The app definition has ${issues.length} problems.`;
  return InvalidDefinitionError.create(summary, issues.map(issueDetail));
}

/** Schema-valid and storable, or a 422 listing every issue. */
function checkedApp(input: unknown): App {
  const result = validateApp(input);
  if (!result.ok) throw invalidDefinition(result.issues);
  return result.app;
}

function refusalsError(refusals: readonly Refusal[]): AppError {
  const [first] = refusals;
  const summary = refusals.length === 1 && first ? first.message.en : `${refusals.length} changes cannot be made without losing data.`;
  return UnsafeMigrationError.create(
    summary,
    refusals.map((r) => ({
      code: r.code,
      field: r.field === undefined ? r.entity : `${r.entity}.${r.field}`,
      message: r.message.en,
      message_ru: r.message.ru,
    })),
  );
}

function requireConfirmation(plan: readonly PlanStep[], confirm: readonly string[]): void {
  const confirmed = new Set(confirm);
  const missing = plan.filter((step) => step.destructive && !confirmed.has(step.id));
  if (missing.length === 0) return;
  const ids = missing.map((s) => `"${s.id}"`).join(', ');
  throw ConfirmationRequiredError.create(
    `This publish drops data (it is archived, not deleted). Repeat it with "confirm": [${ids}] to go ahead.`,
    missing.map((step) => ({
      code: 'CONFIRMATION_REQUIRED',
      step: step.id,
      field: step.field === undefined ? step.entity : `${step.entity}.${step.field}`,
      message: step.description.en,
      message_ru: step.description.ru,
    })),
  );
}

interface PreparedPublish {
  app: App;
  plan: PlanStep[];
}

/** Checks a definition needs beyond its shape and semantics, by other areas (scripts' types). */
export type PublishCheck = (app: App) => Promise<DefinitionIssue[]>;

/** Ids assigned against the live definition, storage checked, plan computed; refused changes throw. */
async function preparePublish(knex: Knex, app: App, checks: readonly PublishCheck[]): Promise<PreparedPublish> {
  const live = await readLive(knex);
  const prepared = assignDefinitionIds(app, live?.app ?? null);
  const issues = findStorageIssues(prepared);
  for (const check of checks) issues.push(...(await check(prepared)));
  if (issues.length > 0) throw invalidDefinition(issues);
  const diff = diffDefinitions(live?.app ?? null, prepared, await listRestorableArchives(knex));
  if (diff.refusals.length > 0) throw refusalsError(diff.refusals);
  return { app: prepared, plan: diff.steps };
}

export function createDefinitionService(knex: Knex, options: { publishChecks?: readonly PublishCheck[] } = {}): DefinitionService {
  const checks = options.publishChecks ?? [];
  const cache = createLiveDefinitionCache(knex);

  /*
   * One transaction for the whole publish: the schema changes, the archives, the new version row
   * and clearing the draft commit together or not at all, so a failing step leaves the database,
   * the live version and the draft exactly as they were.
   */
  async function publishInTransaction(
    source: (trx: Knex.Transaction) => Promise<{ app: App; note: string | null }>,
    confirm: readonly string[],
    actor: DefinitionActor,
    record: PublishRecorder | undefined,
  ): Promise<PublishOutcome> {
    const published = await knex.transaction(async (trx) => {
      await lockPublishing(trx);
      const { app, note } = await source(trx);
      const { app: prepared, plan } = await preparePublish(trx, app, checks);
      requireConfirmation(plan, confirm);
      const version = await nextVersionNumber(trx);
      await migrateSchema(trx, plan, { version });
      await insertLiveVersion(trx, { version, definition: prepared, plan, note, publishedBy: actor.id });
      await deleteDraft(trx);
      if (record) await record(trx, { version, plan });
      // Delivered at commit: other runtime processes drop their cached live version.
      await trx.raw('SELECT pg_notify(?, ?)', [DEFINITIONS_CHANNEL, String(version)]);
      return { version, app: prepared, plan };
    });
    cache.remember({ version: published.version, app: published.app });
    return { dryRun: false, version: published.version, plan: published.plan };
  }

  async function draftOrLive(db: Knex): Promise<unknown> {
    const draft = await readDraft(db);
    if (draft) return draft.definition;
    const live = await readLive(db);
    return live?.app ?? null;
  }

  function nothingToPublish(): AppError {
    return NotFoundError.create('There is nothing to publish: no draft and no live definition. PUT /api/definitions/draft first.');
  }

  /*
   * A publish with no draft used to publish the live definition again: a rejected PUT left no draft,
   * and each retry created an empty version. Only a draft that differs from live is published.
   */
  async function draftToPublish(trx: Knex.Transaction, expected: DraftStamp | undefined): Promise<unknown> {
    const draft = await readDraft(trx, { forUpdate: true });
    if (expected !== undefined && draft?.stamp !== expected) throw draftChanged();
    const live = await readLive(trx);
    if (!live) {
      if (!draft) throw nothingToPublish();
      return draft.definition;
    }
    if (draft && !sameDocument(draft.definition, live.app)) return draft.definition;
    const message = draft
      ? `There is nothing to publish: the draft is the same as the live version ${live.version}. Change the draft first.`
      : `There is nothing to publish: there is no draft, and version ${live.version} is live. Save a changed draft (PUT /api/definitions/draft) first.`;
    const messageRu = draft
      ? `Публиковать нечего: черновик совпадает с действующей версией ${live.version}. Сначала измените черновик.`
      : `Публиковать нечего: черновика нет, действует версия ${live.version}. Сначала сохраните изменённый черновик (PUT /api/definitions/draft).`;
    throw NothingToPublishError.create(message, [
      { code: 'NOTHING_TO_PUBLISH', field: 'draft', liveVersion: live.version, message, message_ru: messageRu },
    ]);
  }

  function draftChanged(): AppError {
    const message = 'Someone changed the draft while this was being published; nothing was published. Their draft is kept.';
    return ConflictError.create(message, [
      { code: 'DRAFT_CHANGED', field: 'draft', message, message_ru: 'Черновик изменили во время публикации; ничего не опубликовано. Их черновик сохранён.' },
    ]);
  }

  return {
    getLive: (db?: Knex): Promise<LiveDefinition | null> => cache.get(db),
    watchPublishes: (subscribe) => cache.watch(subscribe),

    async getDraft() {
      const draft = await readDraft(knex);
      const live = await readLive(knex);
      if (draft) {
        return { definition: draft.definition, source: 'draft', liveVersion: live?.version ?? null, updatedAt: draft.updatedAt, updatedBy: draft.updatedBy };
      }
      if (!live) return null;
      return { definition: live.app, source: 'live', liveVersion: live.version, updatedAt: null, updatedBy: null };
    },

    async getDraftApp() {
      const draft = await readDraft(knex);
      if (draft) return { version: 0, app: checkedApp(draft.definition) };
      const live = await readLive(knex);
      return live ? { version: live.version, app: live.app } : null;
    },

    async putDraft(input, actor, options = {}) {
      const result = validateApp(input);
      if (!result.ok) {
        if (!options.allowIssues || !isPlainObject(input)) throw invalidDefinition(result.issues);
        const stamp = await writeDraft(knex, input, actor.id);
        return { definition: input, issues: result.issues, stamp };
      }
      const live = await cache.get();
      const definition = assignDefinitionIds(result.app, live?.app ?? null);
      const issues = findStorageIssues(definition);
      if (issues.length > 0 && !options.allowIssues) throw invalidDefinition(issues);
      const stamp = await writeDraft(knex, definition, actor.id);
      return { definition, issues, stamp };
    },

    async discardDraft(_actor, record) {
      // Under the publish lock: a publish running now either made its version live first (and the
      // discard goes back to it) or starts after the draft is gone (nothing to publish).
      return knex.transaction(async (trx) => {
        await lockPublishing(trx);
        const live = await readLive(trx);
        if (!live) {
          const message = 'Nothing has been published yet, so there is no published version to go back to. Publish the draft or keep editing it.';
          throw ConflictError.create(message, [
            { code: 'NOTHING_PUBLISHED', field: 'draft', message, message_ru: 'Ещё ничего не опубликовано, и вернуться не к чему. Опубликуйте черновик или продолжайте его править.' },
          ]);
        }
        const draft = await readDraft(trx, { forUpdate: true });
        await deleteDraft(trx);
        if (record) await record(trx, { liveVersion: live.version, hadDraft: draft !== null });
        return { definition: live.app, liveVersion: live.version, hadDraft: draft !== null };
      });
    },

    async publish(options, actor) {
      if (options.dryRun) {
        const source = await draftOrLive(knex);
        if (!source) throw nothingToPublish();
        const { plan } = await preparePublish(knex, checkedApp(source), checks);
        return { dryRun: true, plan: await withRowCounts(knex, plan), issues: [] };
      }
      return publishInTransaction(
        // Locked, so a PUT draft arriving meanwhile waits and is not lost when the draft is cleared.
        async (trx) => ({ app: checkedApp(await draftToPublish(trx, options.draftStamp)), note: options.note ?? null }),
        options.confirm ?? [],
        actor,
        options.record,
      );
    },

    listVersions: () => listVersions(knex),

    getVersion: (version) => readVersion(knex, version),

    async rollback(version, actor, confirm = [], options = {}) {
      const target = await readVersion(knex, version);
      if (!target) throw NotFoundError.create(`There is no version ${version} to roll back to.`);
      const app = checkedApp(target.definition);
      if (options.dryRun) {
        const { plan } = await preparePublish(knex, app, checks);
        return { dryRun: true, plan: await withRowCounts(knex, plan), issues: [] };
      }
      return publishInTransaction(async () => ({ app, note: `Rollback to version ${version}` }), confirm, actor, options.record);
    },

    listArchives: () => listArchives(knex),
  };
}
