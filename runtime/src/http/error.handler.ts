import crypto from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isAppError, NotFoundError } from '../errors/index.js';

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
 * One error handler: our errors go out as {error: {code, message, details}} with their status; a
 * malformed body is the caller's error; anything unexpected is logged with the request id and
 * shown as a generic message.
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (isAppError(err)) {
    res.status(err.status).json(err.toJSON());
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
