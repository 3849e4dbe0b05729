import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { FILE_SIZE_CAP_MB, type App, type FileValue } from '@crm/schemas';
import { loadAccessPolicy } from '../access/index.js';
import { isAppError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { createRecordService, isUuid } from '../records/index.js';
import { showsInline, detectMime } from './file-mime.rules.js';
import { findFileWithContent, insertFile, type FileWithContent } from './file.repository.js';
import { checkAccepted, emptyFile, fileTooLarge, uploadName, uploadTarget } from './file-upload.policy.js';
import { readUploadBody } from './upload-body.reader.js';

/*
 * Files of file fields (README.md beside this file), mounted at /api:
 *   POST /api/files?entity=&field=&name=            the raw bytes as the body -> {name, size, mime, key}
 *   GET  /api/files/:key                            the uploader's own upload (a preview before saving)
 *   GET  /api/records/:entity/:id/files/:field/:key a file a record holds, for whoever may read the
 *                                                   record and the field (through the records service)
 * Every "no" of a download is the same 404, so a download reveals neither records nor files.
 */

const NO_SUCH_FILE = 'There is no such file.';

function notFound(): Error {
  return NotFoundError.create(NO_SUCH_FILE, [{ field: 'key', code: 'NOT_FOUND', message: NO_SUCH_FILE, message_ru: 'Такого файла нет.' }]);
}

/**
 * Raster images and PDF open in the browser; everything else downloads. Nothing is sniffed by the
 * browser (nosniff) and anything that is not shown in place is sandboxed, so an HTML or SVG file
 * opened from its address runs no script with the CRM's origin.
 */
function sendFile(res: Response, file: FileWithContent): void {
  const inline = showsInline(file.mime);
  // Express builds the RFC 6266/5987 header (ASCII fallback + filename*=UTF-8''…), Cyrillic included.
  res.attachment(file.name);
  if (inline) res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
  res.setHeader('Content-Type', file.mime);
  res.setHeader('Content-Length', String(file.content.length));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  if (!inline) res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  res.setHeader('ETag', `"${file.sha256}"`);
  res.status(200).end(file.content);
}

function keysOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item: unknown) => (typeof item === 'object' && item !== null && 'key' in item && typeof item.key === 'string' ? [item.key] : []));
}

export function filesRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  async function liveApp(): Promise<App> {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no files.');
    return live.app;
  }

  router.post('/files', async (req: Request, res: Response) => {
    const actor = requireActor(req);
    const app = await liveApp();
    const policy = await loadAccessPolicy(knex, app, { user: actor });
    const target = uploadTarget(app, policy, req.query['entity'], req.query['field'], FILE_SIZE_CAP_MB);
    const name = uploadName(target, req.query['name']);
    const body = await readUploadBody(req, target.limitBytes);
    if (!body.ok) {
      // The client may still be sending a body nobody will read.
      res.setHeader('Connection', 'close');
      throw fileTooLarge(target);
    }
    if (body.bytes.length === 0) throw emptyFile(target);
    const mime = detectMime(body.bytes, name, req.get('content-type'));
    checkAccepted(target, { name, mime });
    const sha256 = createHash('sha256').update(body.bytes).digest('hex');
    const stored = await insertFile(knex, { entity: target.entity, field: target.field.name, name, mime, sha256, content: body.bytes, createdBy: actor.id });
    res.status(201).json({ name: stored.name, size: stored.size, mime: stored.mime, key: stored.key } satisfies FileValue);
  });

  router.get('/files/:key', async (req, res) => {
    const actor = requireActor(req);
    const file = isUuid(req.params.key) ? await findFileWithContent(knex, req.params.key) : null;
    if (!file || file.createdBy !== actor.id) throw notFound();
    sendFile(res, file);
  });

  router.get('/records/:entity/:id/files/:field/:key', async (req, res) => {
    const actor = requireActor(req);
    const { entity, id, field, key } = req.params;
    const app = await liveApp();
    const isFileField = app.entities.some((e) => e.name === entity && e.fields.some((f) => f.name === field && f.type === 'file'));
    if (!isFileField || !isUuid(id) || !isUuid(key)) throw notFound();
    // The records service's read: read scope, sharing rules and field access, as GET /api/records does.
    const record = await createRecordService({ db: knex, app, caller: { user: actor } })
      .get(entity, id)
      .catch((error: unknown) => {
        // A record one cannot read (404) or an entity one cannot read at all (403): the same 404.
        if (isAppError(error) && (error.status === 404 || error.status === 403)) throw notFound();
        throw error;
      });
    if (!keysOf(record[field]).some((k) => k.toLowerCase() === key.toLowerCase())) throw notFound();
    const file = await findFileWithContent(knex, key);
    if (!file) throw notFound();
    sendFile(res, file);
  });

  return router;
}
