import type { App, MailboxMessage, MailRecordRef, MailStatus } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { findEntityModel, readRecordTitles, titleKey, type RecordCaller } from '../records/index.js';
import { headersOf } from './mail-headers.rules.js';

/*
 * The mailbox (GET /api/mailbox): mail_outbox as people read it, newest first. A message is about
 * a record when it was written on the record's page (mail_outbox.entity/record_id) or sent by a
 * process running on it (through process_runs). Admins see every message; anyone else the mail
 * they sent and the mail about records they may read now — the record's read scope decided in
 * the same SQL (each entity's recordFilter), so a message never shows a record it should not.
 * The record is named by its title, read through the records service as the viewer
 * (records/record-titles.reader.ts): a record they may not read is only said to be hidden.
 */

/** Whose mailbox: admins see all; others what they sent and, with a live app, mail about records their policy reads. */
export interface MailboxViewer {
  all: boolean;
  userId: string;
  app: App | null;
  policy: AccessPolicy | null;
  /** Who reads, for the records service that reads the records' titles. */
  caller: RecordCaller;
}

export interface MailboxQuery {
  entity?: string;
  recordId?: string;
  limit: number;
}

interface MailboxRow {
  id: string | number;
  to: unknown;
  subject: string;
  body: string;
  html: boolean;
  headers: unknown;
  status: string;
  transport: string | null;
  attempts: number;
  last_error: unknown;
  run_id: string | null;
  about_entity: string | null;
  about_id: string | null;
  sent_by: string | null;
  sent_by_name: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
}

const STATUSES: readonly MailStatus[] = ['pending', 'sent', 'delivered', 'failed'];
const ABOUT_ENTITY = 'COALESCE(m.entity, r.entity)';
const ABOUT_ID = 'COALESCE(m.record_id, r.record_id)';

function toMessage(row: MailboxRow, record: MailRecordRef | null): MailboxMessage {
  const to = Array.isArray(row.to) ? row.to.filter((t): t is string => typeof t === 'string') : [];
  const status = STATUSES.find((s) => s === row.status) ?? 'pending';
  return {
    id: Number(row.id),
    to,
    subject: row.subject,
    body: row.body,
    html: row.html,
    headers: headersOf(row.headers),
    status,
    transport: row.transport,
    attempts: row.attempts,
    lastError: row.last_error ?? null,
    runId: row.run_id,
    record,
    sentBy: row.sent_by ? { id: row.sent_by, name: row.sent_by_name ?? '' } : null,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
  };
}

/** Who may see a message, as SQL over the query's aliases (m: mail_outbox, r: process_runs). */
function visibility(knex: Knex, viewer: MailboxViewer): Knex.Raw {
  const parts: Knex.Raw[] = [knex.raw('m.sent_by = ?', [viewer.userId])];
  const { app, policy } = viewer;
  for (const entity of app?.entities ?? []) {
    if (!app || !policy) break;
    const access = policy.entity(entity.name);
    const model = findEntityModel(app, entity.name);
    if (!model || !access.can('read')) continue;
    const filter = access.recordFilter('read', model.table);
    parts.push(knex.raw(`(${ABOUT_ENTITY} = ? AND ${ABOUT_ID} IN (SELECT ??.id FROM ?? WHERE ??.deleted_at IS NULL AND (${filter.sql})))`, [entity.name, model.table, model.table, model.table, ...filter.bindings]));
  }
  return knex.raw(parts.map(() => '?').join(' OR '), parts);
}

export async function readMailbox(knex: Knex, viewer: MailboxViewer, query: MailboxQuery): Promise<MailboxMessage[]> {
  const select = knex('mail_outbox as m')
    .leftJoin('process_runs as r', 'r.id', 'm.run_id')
    .leftJoin('users as u', 'u.id', 'm.sent_by')
    .select('m.id', 'm.to', 'm.subject', 'm.body', 'm.html', 'm.headers', 'm.status', 'm.transport', 'm.attempts', 'm.last_error', 'm.run_id', 'm.sent_by', 'u.name as sent_by_name', 'm.created_at', 'm.sent_at')
    .select(knex.raw(`${ABOUT_ENTITY} AS about_entity`), knex.raw(`${ABOUT_ID} AS about_id`))
    .orderBy('m.id', 'desc')
    .limit(query.limit);
  if (query.entity) select.whereRaw(`${ABOUT_ENTITY} = ?`, [query.entity]);
  if (query.recordId) select.whereRaw(`${ABOUT_ID} = ?`, [query.recordId]);
  if (!viewer.all) select.whereRaw('(?)', [visibility(knex, viewer)]);
  const rows: MailboxRow[] = await select;
  const refs = rows.flatMap((row) => (row.about_entity && row.about_id ? [{ entity: row.about_entity, id: row.about_id }] : []));
  const titles = await readRecordTitles(knex, viewer, refs);
  return rows.map((row) => toMessage(row, row.about_entity && row.about_id ? (titles.get(titleKey(row.about_entity, row.about_id)) ?? null) : null));
}
