import { Router, type Request } from 'express';
import type { App, RecordDocumentList } from '@crm/schemas';
import { loadAccessPolicy } from '../access/index.js';
import { isAppError, NotFoundError } from '../errors/index.js';
import { findFileWithContent } from '../files/file.repository.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireActor } from '../http/request-context.js';
import { createRecordService, isUuid } from '../records/index.js';
import { createRecordDocument } from './record-document.service.js';
import { isRecordDocument, listRecordDocuments } from './record-documents.store.js';

/*
 * A record's documents (mounted at /api/records, before the records routes):
 *   POST /:entity/:id/documents {template, locale?}  201 {file, document: {template, fileName}}
 *   GET  /:entity/:id/documents                      {items: RecordDocument[]} newest first (the timeline)
 *   GET  /:entity/:id/documents/:key                 the PDF (inline)
 * Every one reads the record as the caller first: a record they may not read is a 404.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NO_SUCH_FILE = 'There is no such document.';

function noDocument(): Error {
  return NotFoundError.create(NO_SUCH_FILE, [{ field: 'key', code: 'NOT_FOUND', message: NO_SUCH_FILE, message_ru: 'Такого документа нет.' }]);
}

export function recordDocumentsRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  async function liveApp(): Promise<App> {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet.');
    return live.app;
  }

  /** The record as the caller reads it (404 when they may not). */
  async function readRecord(req: Request): Promise<{ app: App; entity: string; id: string }> {
    const actor = requireActor(req);
    const app = await liveApp();
    const entity = String(req.params['entity']);
    const id = String(req.params['id']);
    const record = await createRecordService({ db: knex, app, caller: { user: actor } }).get(entity, id);
    return { app, entity, id: String(record['id']) };
  }

  router.post('/:entity/:id/documents', async (req, res) => {
    const actor = requireActor(req);
    const app = await liveApp();
    const body = isRecord(req.body) ? req.body : {};
    const locale = body['locale'] === 'en' || body['locale'] === 'ru' ? body['locale'] : (app.settings?.defaultLocale ?? 'ru');
    // The policy is read outside the transaction (PGlite has one connection); file and link commit together.
    const policy = await loadAccessPolicy(knex, app, { user: actor });
    const made = await knex.transaction((trx) => createRecordDocument(trx, { user: actor }, String(req.params['entity']), String(req.params['id']), body['template'], { app, locale, policy }));
    res.status(201).json(made);
  });

  router.get('/:entity/:id/documents', async (req, res) => {
    const { entity, id } = await readRecord(req);
    res.json({ items: await listRecordDocuments(knex, entity, id) } satisfies RecordDocumentList);
  });

  router.get('/:entity/:id/documents/:key', async (req, res) => {
    const key = String(req.params['key']);
    const { entity, id } = await readRecord(req).catch((error: unknown) => {
      if (isAppError(error) && (error.status === 404 || error.status === 403)) throw noDocument();
      throw error;
    });
    if (!isUuid(key) || !(await isRecordDocument(knex, entity, id, key))) throw noDocument();
    const file = await findFileWithContent(knex, key);
    if (!file) throw noDocument();
    res.attachment(file.name);
    res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Length', String(file.content.length));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).end(file.content);
  });

  return router;
}
