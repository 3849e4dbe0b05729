import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { Actor } from '../people/user.types.js';
import { createRecordService, type StoredRecord } from '../records/index.js';
import type { SegmentRow } from './segments.store.js';

/*
 * A segment's records, read through the records service as the caller: the read scope, sharing
 * rules and field permissions apply exactly as on GET /api/records, so a preview and a send reach
 * only records the caller may read, and only through an e-mail field they may see. The segment's
 * condition is the list filter, with "has an e-mail" added.
 */

export interface SegmentReader {
  knex: Knex;
  app: App;
  actor: Actor;
}

const PAGE = 500;

function filterOf(segment: SegmentRow): unknown {
  const hasEmail = { field: segment.email_field, op: 'isNotEmpty' };
  return segment.condition === null || segment.condition === undefined ? hasEmail : { and: [segment.condition, hasEmail] };
}

function serviceFor(reader: SegmentReader) {
  return createRecordService({ db: reader.knex, app: reader.app, caller: { user: reader.actor } });
}

const BASE_QUERY = { q: null, expand: [], deleted: 'exclude' as const, sort: [{ field: 'created_at', dir: 'asc' as const }] };

export async function previewSegment(reader: SegmentReader, segment: SegmentRow, limit: number): Promise<{ total: number; data: StoredRecord[] }> {
  const page = await serviceFor(reader).list(segment.entity, { ...BASE_QUERY, filter: filterOf(segment), limit, cursor: null, count: true });
  return { total: page.total ?? page.data.length, data: page.data };
}

/** Every readable record of the segment with an e-mail address, oldest first. */
export async function segmentRecords(reader: SegmentReader, segment: SegmentRow): Promise<StoredRecord[]> {
  const service = serviceFor(reader);
  const out: StoredRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await service.list(segment.entity, { ...BASE_QUERY, filter: filterOf(segment), limit: PAGE, cursor, count: false });
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** The address a record is mailed at (stored lower-cased by the e-mail field type), or null. */
export function emailOf(record: StoredRecord, segment: SegmentRow): string | null {
  const value = record[segment.email_field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : null;
}

/** The record's title as its entity displays it. */
export function displayOf(app: App, entity: string, record: StoredRecord): string | null {
  const field = app.entities.find((e) => e.name === entity)?.display;
  const value = field ? record[field] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
