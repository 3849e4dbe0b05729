import { Router, type Response } from 'express';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { parseExportQuery } from './export-query.parser.js';
import { streamExport, type ExportSink } from './export.service.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * GET /api/export/:entity (README.md beside this file): the records the caller may read, as CSV or
 * JSON, streamed. Every export is written to the audit log as `data.export`, with what was asked
 * and how many records went out.
 */

/** Writes into the response, waiting for it to drain; false once the client has gone. */
function responseSink(res: Response): ExportSink {
  return {
    start({ contentType, filename }) {
      res.status(200);
      res.attachment(filename);
      res.setHeader('Content-Type', contentType);
      res.setHeader('Cache-Control', 'no-store');
    },
    write(text) {
      if (res.destroyed || res.writableEnded) return Promise.resolve(false);
      if (res.write(text)) return Promise.resolve(true);
      return new Promise((resolve) => {
        const finish = (ok: boolean) => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(ok);
        };
        const onDrain = () => finish(true);
        const onClose = () => finish(false);
        res.once('drain', onDrain);
        res.once('close', onClose);
      });
    },
  };
}

export function exportRoutes({ context, auditTrail }: RouteDeps): Router {
  const router = Router();

  router.get('/:entity', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    const query = parseExportQuery(req.query);
    const result = await streamExport({ db: context.db.knex, app: live.app, actor }, req.params.entity, query, responseSink(res));
    // Logged before the response ends: whoever received a whole export finds it in the log.
    await auditTrail.record({
      action: 'data.export',
      ...requestAuditFields(req),
      target: { type: 'entity', id: req.params.entity },
      details: {
        entity: req.params.entity,
        format: query.format,
        filter: query.list.filter ?? null,
        q: query.list.q,
        sort: query.list.sort,
        fields: result.fields,
        expand: query.expand,
        rows: result.rows,
        complete: result.complete,
      },
    });
    if (!res.destroyed) res.end();
  });

  return router;
}
