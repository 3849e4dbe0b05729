import type { SystemMigration } from '../db/system-migration.types.js';

/*
 * mail_outbox (made by the engine's migrations) learns what a message is about and who sent it:
 * mail written on a record's page carries the record and its author, so the mailbox can show each
 * person only mail about records they may read or mail they sent. Mail from a process is tied to
 * its record through the run (process_runs), as before.
 *
 * 0443: a message may carry headers of its own (a mailing's List-Unsubscribe and
 * List-Unsubscribe-Post, RFC 8058), sent as they are and shown in the mailbox.
 */
export const mailMigrations: SystemMigration[] = [
  {
    name: '0441_mail_outbox_record',
    async up(knex) {
      await knex.schema.alterTable('mail_outbox', (t) => {
        t.text('entity');
        t.uuid('record_id');
        t.uuid('sent_by').references('id').inTable('users').onDelete('SET NULL');
        t.index(['entity', 'record_id']);
      });
    },
  },
  {
    name: '0443_mail_outbox_headers',
    async up(knex) {
      await knex.schema.alterTable('mail_outbox', (t) => {
        t.jsonb('headers');
      });
    },
  },
];
