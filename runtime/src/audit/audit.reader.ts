import type { Knex } from 'knex';
import { auditColumns } from './audit-columns.sql.js';
import { encodeAuditCursor, type AuditQuery } from './audit-query.parser.js';
import { rowToView, type AuditEntryView, type AuditRow } from './audit-row.mapper.js';

export interface AuditPage {
  data: AuditEntryView[];
  nextCursor: string | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Newest first, paged by id (keyset), so pages stay stable while entries are appended. */
export async function readAuditPage(knex: Knex, query: AuditQuery): Promise<AuditPage> {
  const builder = knex('audit_log').select(auditColumns(knex)).orderBy('id', 'desc').limit(query.limit + 1);
  if (query.action && 'exact' in query.action) builder.where('action', query.action.exact);
  if (query.action && 'prefix' in query.action) builder.whereRaw(`action LIKE ? ESCAPE '\\'`, [`${escapeLike(query.action.prefix)}%`]);
  if (query.actor && 'id' in query.actor) builder.where('actor_id', query.actor.id);
  if (query.actor && 'email' in query.actor) builder.where('actor_email', query.actor.email);
  if (query.outcome) builder.where('outcome', query.outcome);
  if (query.from) builder.where('at', '>=', query.from);
  if (query.to) builder.where('at', '<=', query.to);
  if (query.before !== undefined) builder.where('id', '<', query.before);
  const rows: AuditRow[] = await builder;
  const page = rows.slice(0, query.limit).map(rowToView);
  const last = page[page.length - 1];
  return { data: page, nextCursor: rows.length > query.limit && last ? encodeAuditCursor(last.id) : null };
}
