import type { RunSummary } from '@crm/engine';
import type { Request } from 'express';
import { BadRequestError } from '../errors/index.js';
import { InvalidCursorError } from '../errors/invalid-cursor.error.js';

/* A page of runs as the run lists take it (?limit, ?cursor) and answer it (nextCursor), newest first. */

const MAX_LIMIT = 200;

export function limitOf(req: Request): number {
  const text = typeof req.query['limit'] === 'string' ? req.query['limit'] : undefined;
  if (text === undefined) return 50;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw BadRequestError.create(`limit must be a whole number from 1 to ${MAX_LIMIT}.`, [
      { field: 'limit', code: 'INVALID_PARAMETER', message: `limit must be a whole number from 1 to ${MAX_LIMIT}.`, message_ru: `limit — целое число от 1 до ${MAX_LIMIT}.` },
    ]);
  }
  return Math.min(MAX_LIMIT, value);
}

/** Run ids are uuids; anything else in a cursor would reach the database as a cast error (a 500). */
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function cursorOf(req: Request): { createdAt: string; id: string } | null {
  const text = typeof req.query['cursor'] === 'string' ? req.query['cursor'] : undefined;
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && !Number.isNaN(Date.parse(parsed[0])) && RUN_ID.test(parsed[1])) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw InvalidCursorError.create('The cursor is not one this API gave out.', [{ field: 'cursor', code: 'INVALID_CURSOR', message: 'The cursor is not valid.', message_ru: 'Курсор недействителен.' }]);
}

export function nextCursor(page: readonly RunSummary[], limit: number): string | null {
  const last = page[page.length - 1];
  return page.length === limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
}
