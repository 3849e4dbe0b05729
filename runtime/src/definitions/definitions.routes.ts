import {
  DEFINITION_SOURCE_HEADER,
  DEFINITION_VERSION_HEADER,
  type App,
  type ArchiveSummary,
  type PublishDryRunResponse,
  type PublishResponse,
  type PutDraftResponse,
  type VersionDetail,
  type VersionSummary,
} from '@crm/schemas';
import { Router, type Request } from 'express';
import type { AuditTrail } from '../audit/audit-trail.service.js';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { BadRequestError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { requireDefinitionAccess } from './definition-access.guard.js';
import type { PublishOutcome, PublishRecorder } from './definition.service.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { discardDraftTextTemplates, publishDraftTextTemplates } from '../templates/draft-text-templates.store.js';
import { readLive } from './definition.repository.js';

/*
 * /api/definitions: thin handlers over the definition service. Every route needs a caller who may
 * build (see definition-access.guard.ts). What each sends is typed by the contract in @crm/schemas
 * (http/definitions.contract.ts), which the builder reads.
 */

function isDryRun(req: Request): boolean {
  const value = req.query['dryRun'];
  return value === '1' || value === 'true';
}

function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw BadRequestError.create('The request body must be a JSON object.');
  return Object.fromEntries(Object.entries(body));
}

function confirmList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw BadRequestError.create('"confirm" must be a list of step ids.', [{ code: 'INVALID_CONFIRM', field: 'confirm', message: '"confirm" must be a list of step ids.' }]);
  }
  return value;
}

function optionalNote(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw BadRequestError.create('"note" must be text.', [{ code: 'INVALID_NOTE', field: 'note', message: '"note" must be text.' }]);
  return value;
}

function versionNumber(value: unknown): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 1) {
    throw BadRequestError.create('A version is a positive whole number.', [{ code: 'INVALID_VERSION', field: 'version', message: 'A version is a positive whole number.' }]);
  }
  return number;
}

function outcomeBody(outcome: PublishOutcome): PublishResponse | PublishDryRunResponse {
  return outcome.dryRun ? { plan: outcome.plan, issues: outcome.issues } : { version: outcome.version, plan: outcome.plan };
}

/**
 * Publishes and rollbacks that change the live definition go to the audit log, written in the
 * publish's own transaction: a publish whose entry cannot be written is rolled back (dry runs change
 * nothing and are not recorded).
 */
function publishRecorder(auditTrail: AuditTrail, req: Request, action: string, details: Record<string, unknown>): PublishRecorder {
  const fields = requestAuditFields(req);
  return (trx, published) =>
    auditTrail.within(trx).record({
      ...fields,
      action,
      target: { type: 'definition', id: String(published.version), name: `version ${published.version}` },
      details: { version: published.version, steps: published.plan.length, ...details },
    });
}

/**
 * A publish also creates the document and e-mail templates waiting beside the draft (put there by the
 * gallery's "use this template"), in its transaction, against the app it publishes.
 */
function withWaitingTextTemplates(record: PublishRecorder, userId: string): PublishRecorder {
  return async (trx, published) => {
    await record(trx, published);
    const live = await readLive(trx);
    if (live) await publishDraftTextTemplates(trx, live.app, userId);
  };
}

export function definitionsRoutes({ definitionService: service, auditTrail }: RouteDeps): Router {
  const router = Router();
  router.use(requireDefinitionAccess(service));

  // Both answer with the definition document itself, so it can be edited and PUT back as it is.
  router.get('/live', async (_req, res) => {
    const live = await service.getLive();
    if (!live) throw NotFoundError.create('Nothing has been published yet.');
    res.setHeader(DEFINITION_VERSION_HEADER, String(live.version));
    const body: App = live.app;
    res.json(body);
  });

  router.get('/draft', async (_req, res) => {
    const draft = await service.getDraft();
    if (!draft) throw NotFoundError.create('There is no draft and nothing has been published yet.');
    res.setHeader(DEFINITION_SOURCE_HEADER, draft.source);
    res.json(draft.definition);
  });

  router.put('/draft', async (req, res) => {
    const allowIssues = req.query['allowIssues'] === '1' || req.query['allowIssues'] === 'true';
    const { definition, issues } = await service.putDraft(req.body, requireActor(req), { allowIssues });
    const body: PutDraftResponse = { definition, issues };
    res.json(body);
  });

  /*
   * "Discard changes": the draft goes back to the live definition, and the text templates waiting
   * beside it go too; audited in the discard's transaction. Answers the new draft (the live app).
   */
  router.delete('/draft', async (req, res) => {
    const fields = requestAuditFields(req);
    const discarded = await service.discardDraft(requireActor(req), async (trx, { liveVersion, hadDraft }) => {
      const textTemplates = await discardDraftTextTemplates(trx);
      await auditTrail.within(trx).record({
        ...fields,
        action: 'definition.discard_draft',
        target: { type: 'definition', id: String(liveVersion), name: `version ${liveVersion}` },
        details: { liveVersion, hadDraft, textTemplates },
      });
    });
    res.setHeader(DEFINITION_SOURCE_HEADER, 'live');
    res.setHeader(DEFINITION_VERSION_HEADER, String(discarded.liveVersion));
    const body: App = discarded.definition;
    res.json(body);
  });

  router.post('/publish', async (req, res) => {
    const body = bodyObject(req);
    const note = optionalNote(body['note']);
    const actor = requireActor(req);
    const record = withWaitingTextTemplates(publishRecorder(auditTrail, req, 'definition.publish', { note }), actor.id);
    const outcome = await service.publish({ dryRun: isDryRun(req), confirm: confirmList(body['confirm']), note, record }, actor);
    res.json(outcomeBody(outcome));
  });

  router.get('/versions', async (_req, res) => {
    const body: VersionSummary[] = await service.listVersions();
    res.json(body);
  });

  router.get('/versions/:version', async (req, res) => {
    const version = versionNumber(req.params['version']);
    const detail = await service.getVersion(version);
    if (!detail) throw NotFoundError.create(`There is no version ${version}.`);
    const body: VersionDetail = detail;
    res.json(body);
  });

  router.post('/rollback', async (req, res) => {
    const body = bodyObject(req);
    const version = versionNumber(body['version']);
    const outcome = await service.rollback(version, requireActor(req), confirmList(body['confirm']), {
      dryRun: isDryRun(req),
      record: publishRecorder(auditTrail, req, 'definition.rollback', { fromVersion: version }),
    });
    res.json(outcomeBody(outcome));
  });

  router.get('/archives', async (_req, res) => {
    const body: ArchiveSummary[] = await service.listArchives();
    res.json(body);
  });

  return router;
}
