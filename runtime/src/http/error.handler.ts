import crypto from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { AuditTrail } from '../audit/audit-trail.service.js';
import { clientAddress } from '../audit/request-audit.context.js';
import { CsrfError, isAppError, NotFoundError, UnauthorizedError, type AppError } from '../errors/index.js';

interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && 'type' in err && 'status' in err && typeof err.type === 'string';
}

export const assignRequestId: RequestHandler = (req, res, next) => {
  req.requestId = crypto.randomUUID();
  res.setHeader('X-Request-Id', req.requestId);
  next();
};

export const apiNotFound: RequestHandler = (req) => {
  throw NotFoundError.create(`No API route ${req.method} ${req.path}.`);
};

/**
 * A route that needed a caller, reached with a cookie session whose CSRF token was missing, gets
 * the reason rather than a bare 401: the person is signed in, the request lacked the token.
 */
function withCsrfReason(err: AppError, req: Request): AppError {
  if (!UnauthorizedError.is(err) || !req.csrfRejected) return err;
  return CsrfError.create(undefined, [
    {
      code: 'CSRF_TOKEN_INVALID',
      field: 'X-CSRF-Token',
      message: 'Send the csrfToken from login or /api/auth/me in the X-CSRF-Token header.',
      message_ru: 'Передайте csrfToken из ответа входа или /api/auth/me в заголовке X-CSRF-Token.',
    },
  ]);
}

/**
 * Every 403 the API answers is recorded, with the root knex: whatever transaction the request ran
 * in has been rolled back by now, and the record of the denial must outlive it.
 */
async function recordDenial(auditTrail: AuditTrail, req: Request, err: AppError): Promise<void> {
  const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
  try {
    await auditTrail.record({
      action: 'access.denied',
      actorId: req.actor?.id ?? req.csrfRejected?.userId ?? null,
      actorEmail: req.actor?.email ?? req.csrfRejected?.email ?? null,
      target: { type: 'endpoint', id: `${req.method} ${path}` },
      outcome: 'denied',
      ip: clientAddress(req),
      requestId: req.requestId ?? null,
      details: {
        method: req.method,
        path,
        code: err.code,
        message: err.message,
        details: err.details,
        ...(req.auth?.kind === 'api-token' ? { apiToken: { id: req.auth.tokenId, name: req.auth.tokenName } } : {}),
      },
    });
  } catch (auditError) {
    console.error(`[${req.requestId ?? '-'}] could not record a denial in the audit log:`, auditError);
  }
}

/**
 * One error handler: our errors go out as {error: {code, message, details}} with their status; a
 * malformed body is the caller's error; anything unexpected is logged with the request id and
 * shown as a generic message. 403s are written to the audit log before the answer goes out.
 */
export function createErrorHandler(auditTrail: AuditTrail): ErrorRequestHandler {
  return async (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (isAppError(err)) {
      const answer = withCsrfReason(err, req);
      if (answer.status === 403) await recordDenial(auditTrail, req, answer);
      res.status(answer.status).json(answer.toJSON());
      return;
    }
    if (isBodyParserError(err)) {
      const tooLarge = err.type === 'entity.too.large';
      res.status(tooLarge ? 413 : 400).json({
        error: {
          code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'MALFORMED_JSON',
          message: tooLarge ? 'The request body is too large.' : 'The request body is not valid JSON.',
          details: [],
        },
      });
      return;
    }
    console.error(`[${req.requestId ?? '-'}] unexpected error on ${req.method} ${req.originalUrl}:`, err);
    res.status(500).json({
      error: { code: 'INTERNAL', message: `Something went wrong on our side (request ${req.requestId ?? '-'}).`, details: [] },
    });
  };
}
