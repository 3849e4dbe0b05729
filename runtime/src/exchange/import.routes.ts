import { Router, type Request } from 'express';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { isAppError, NotFoundError, UnsupportedMediaTypeError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { tooLarge } from './csv-rows.reader.js';
import { readImportFields } from './import-fields.reader.js';
import { parseImportOptions } from './import-options.parser.js';
import { DEFAULT_MAX_BYTES, runImport } from './import.service.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * GET /api/import/:entity/fields: the fields the caller may import into (README.md beside this file).
 * POST /api/import/:entity (README.md beside this file): the request body is the CSV itself
 * (Content-Type text/csv), options are in the query string. The body is read as a stream, never
 * buffered whole; Content-Length over the limit is refused before a byte is read. Saves go through
 * the same seams as the records API's (before-save processes, the outbox), and the import is
 * written to the audit log as `data.import` with its counts.
 */

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'text/tab-separated-values', 'application/vnd.ms-excel'];

function requireCsvBody(req: Request, maxBytes: number): void {
  const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!CSV_TYPES.includes(type)) {
    const message = `Send the CSV file itself as the request body with "Content-Type: text/csv" (got "${type || 'none'}").`;
    throw UnsupportedMediaTypeError.create(message, [
      { field: 'content-type', code: 'UNSUPPORTED_MEDIA_TYPE', message, message_ru: 'Передайте сам CSV-файл телом запроса с заголовком «Content-Type: text/csv».' },
    ]);
  }
  const length = Number(req.get('content-length'));
  if (Number.isFinite(length) && length > maxBytes) throw tooLarge(maxBytes);
}

/** The counts of a report carried by an error, for the audit log (never its lists of rows). */
function countsOf(report: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  if (typeof report !== 'object' || report === null) return counts;
  for (const [name, value] of Object.entries(report)) if (typeof value === 'number') counts[name] = value;
  return counts;
}

export function importRoutes({ context, engine, auditTrail }: RouteDeps): Router {
  const router = Router();
  const maxBytes = DEFAULT_MAX_BYTES;
  const { hooks, events } = engine.seams;

  // What the caller may map a column to (import-fields.reader): the wizard's column and value mapping.
  router.get('/:entity/fields', async (req, res) => {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    res.json(await readImportFields(context.db.knex, live.app, requireActor(req), req.params.entity));
  });

  router.post('/:entity', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    const importOptions = parseImportOptions(req.query);
    requireCsvBody(req, maxBytes);
    const audit = { action: 'data.import', ...requestAuditFields(req), target: { type: 'entity', id: req.params.entity } };
    const settings = { entity: req.params.entity, mode: importOptions.mode, duplicates: importOptions.duplicates, dryRun: importOptions.dryRun };
    try {
      const report = await runImport(
        { db: context.db.knex, app: live.app, actor, maxBytes, hooks, events },
        req.params.entity,
        req,
        importOptions,
      );
      await auditTrail.record({
        ...audit,
        details: { ...settings, rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped, rejected: report.rejectedRows },
      });
      res.json(report);
    } catch (error) {
      // Batches written before the file broke off are in the database: the log says so too.
      const stopped = isAppError(error) ? error.details.find((d) => d.code === 'IMPORT_STOPPED') : undefined;
      if (stopped) await auditTrail.record({ ...audit, outcome: 'failure', details: { ...settings, code: isAppError(error) ? error.code : null, ...countsOf(stopped['report']) } });
      // The client may still be sending a body nobody will read.
      res.setHeader('Connection', 'close');
      throw error;
    }
  });

  return router;
}
