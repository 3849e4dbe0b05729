import { type App, type MailingDealCount, type MailingRecipient, type MailingResults, type RecipientStatus } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { findEntityModel } from '../records/index.js';
import { recipientStatus } from './mailing-recipient-status.rules.js';
import type { MailingRow } from './mailings.store.js';

/*
 * GET /api/mailings/:id results: recipients by status (mailing-recipient-status.rules.ts, from the
 * outbox rows), clicks, and the deals created from the campaign's contacts after the send.
 *
 * "Deals" come from the definition, not from names: every entity with a pipeline that has a
 * many-to-one relation to the mailing's entity (b2b-sales: deal.contact -> contact). A record of it
 * counts when that relation points at a recipient who was sent the message and it was created at
 * or after the send. Only records the caller may read are counted, with their read scope in the
 * query like any list.
 */

interface RecipientJoinRow {
  record_id: string;
  display: string | null;
  email: string;
  status: string;
  clicked_at: Date | string | null;
  unsubscribed_at: Date | string | null;
  outbox_status: string | null;
}

const LISTED = 1000;

async function recipientRows(knex: Knex, mailingId: string): Promise<RecipientJoinRow[]> {
  return knex('mailing_recipients as r')
    .leftJoin('mail_outbox as o', 'o.idempotency_key', 'r.outbox_key')
    .where('r.mailing_id', mailingId)
    .orderBy('r.id')
    .select('r.record_id', 'r.display', 'r.email', 'r.status', 'r.clicked_at', 'r.unsubscribed_at', 'o.status as outbox_status');
}

/** Relations of pipeline entities that point at `entity`, as [entity, field, table, column]. */
export function dealRelations(app: App, entity: string): Array<{ entity: string; field: string; table: string; column: string }> {
  const withPipeline = new Set((app.pipelines ?? []).map((p) => p.entity));
  return [...withPipeline].flatMap((name) => {
    const model = findEntityModel(app, name);
    if (!model) return [];
    return model.columns.filter((c) => c.field.type === 'relation' && c.field.target === entity).map((c) => ({ entity: name, field: c.field.name, table: model.table, column: c.column }));
  });
}

async function dealCounts(knex: Knex, app: App, policy: AccessPolicy, mailing: MailingRow): Promise<MailingDealCount[]> {
  if (!mailing.entity || !mailing.sent_at) return [];
  const out: MailingDealCount[] = [];
  for (const relation of dealRelations(app, mailing.entity)) {
    const access = policy.entity(relation.entity);
    if (!access.can('read') || !access.isFieldVisible(relation.field)) continue;
    const readable = access.recordFilter('read', relation.table);
    const row: { count?: unknown } | undefined = await knex(relation.table)
      .whereRaw(readable.sql, readable.bindings)
      .whereNull(`${relation.table}.deleted_at`)
      .where(`${relation.table}.created_at`, '>=', mailing.sent_at)
      .whereIn(`${relation.table}.${relation.column}`, knex('mailing_recipients').where({ mailing_id: mailing.id, status: 'queued' }).select('record_id'))
      .count({ count: '*' })
      .first();
    out.push({ entity: relation.entity, field: relation.field, count: Number(row?.count ?? 0) });
  }
  return out;
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export async function readMailingResults(knex: Knex, app: App, policy: AccessPolicy, mailing: MailingRow): Promise<{ results: MailingResults; recipientList: MailingRecipient[] }> {
  const rows = await recipientRows(knex, mailing.id);
  const byStatus: Record<RecipientStatus, number> = { queued: 0, sent: 0, failed: 0, unsubscribed: 0, clicked: 0 };
  const recipientList: MailingRecipient[] = [];
  for (const row of rows) {
    const status = recipientStatus({ stored: row.status, clickedAt: row.clicked_at, unsubscribedAt: row.unsubscribed_at, outbox: row.outbox_status });
    byStatus[status] += 1;
    if (recipientList.length < LISTED) recipientList.push({ recordId: row.record_id, display: row.display, email: row.email, status, clickedAt: iso(row.clicked_at) });
  }
  const clicks: { count?: unknown; clickers?: unknown } | undefined = await knex('mailing_clicks as c')
    .join('mailing_recipients as r', 'r.id', 'c.recipient_id')
    .where('r.mailing_id', mailing.id)
    .select(knex.raw('count(*) AS count'), knex.raw('count(DISTINCT c.recipient_id) AS clickers'))
    .first();
  const dealsBy = await dealCounts(knex, app, policy, mailing);
  return {
    results: {
      recipients: rows.length,
      byStatus,
      clicks: Number(clicks?.count ?? 0),
      clickers: Number(clicks?.clickers ?? 0),
      deals: dealsBy.reduce((sum, d) => sum + d.count, 0),
      dealsBy,
    },
    recipientList,
  };
}
