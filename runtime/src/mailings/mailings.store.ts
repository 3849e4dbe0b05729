import type { Knex } from 'knex';
import type { Mailing, MailingStatus } from '@crm/schemas';
import type { MailingInput } from './mailing-input.parser.js';

/* mailings: the drafts and the sent campaigns (recipients are in mailing-recipients.store.ts). */

export interface MailingRow {
  id: string;
  name: string;
  segment_id: string | null;
  subject: string;
  body: string;
  throttle_per_minute: number;
  status: MailingStatus;
  entity: string | null;
  base_url: string | null;
  created_by: string | null;
  sent_by: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
  finished_at: Date | string | null;
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export function toMailing(row: MailingRow): Mailing {
  return {
    id: row.id,
    name: row.name,
    segment: row.segment_id ?? '',
    subject: row.subject,
    body: row.body,
    throttlePerMinute: row.throttle_per_minute,
    status: row.status,
    entity: row.entity,
    createdAt: iso(row.created_at) ?? '',
    sentAt: iso(row.sent_at),
    finishedAt: iso(row.finished_at),
  };
}

function columns(input: MailingInput): Record<string, unknown> {
  return { name: input.name, segment_id: input.segment, subject: input.subject, body: input.body, throttle_per_minute: input.throttlePerMinute };
}

export async function listMailings(knex: Knex): Promise<MailingRow[]> {
  return knex('mailings').orderBy('created_at', 'desc').orderBy('id');
}

export async function findMailing(knex: Knex, id: string): Promise<MailingRow | undefined> {
  return knex('mailings').where({ id }).first();
}

export async function insertMailing(knex: Knex, input: MailingInput, userId: string): Promise<MailingRow> {
  const [row] = await knex('mailings').insert({ ...columns(input), created_by: userId }).returning('*');
  if (!row) throw new Error('a mailing was not written');
  return row as MailingRow;
}

/** Changes a draft; undefined when there is no such draft (sent mailings are kept as sent). */
export async function updateDraft(knex: Knex, id: string, input: MailingInput): Promise<MailingRow | undefined> {
  const [row] = await knex('mailings').where({ id, status: 'draft' }).update({ ...columns(input), updated_at: knex.fn.now() }).returning('*');
  return row as MailingRow | undefined;
}

export async function deleteDraft(knex: Knex, id: string): Promise<boolean> {
  return (await knex('mailings').where({ id, status: 'draft' }).delete()) > 0;
}
