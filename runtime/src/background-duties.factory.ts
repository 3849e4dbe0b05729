import type { Database } from './db/database.factory.js';
import { autovacuumRuns, databaseMaintenance, maintenancePlan } from './db/database-maintenance.duty.js';
import { removeStaleUploads } from './files/stale-uploads.duty.js';
import { deliverMail, type MailTransport } from './mail/mail-delivery.duty.js';
import { queueMailings } from './mailings/index.js';
import type { WorkerDuty } from './processes/engine.host.js';
import type { LiveDefinitionSource } from './runtime.context.js';
import { DEFAULT_WEBHOOK_RETENTION_DAYS, deliverWebhooks, pruneWebhookDeliveries, type WebhookDeliveryOptions } from './webhooks/index.js';

/*
 * The runtime's own work beside the engine's runs, done by every worker on a timer (claims use
 * SKIP LOCKED, so several workers and processes share it without doing anything twice):
 *
 *   mail delivery      mail_outbox ─► SMTP, or the local mailbox when there is no transport
 *   mailing queue      a mailing's queued messages ─► mail_outbox, at its throttle per minute
 *   webhook delivery   webhook_deliveries ─► the subscriber's URL through the outbound client
 *   webhook retention  finished deliveries older than the retention period deleted, hourly
 *   stale uploads      files no save attached within a day deleted, hourly
 *   maintenance        vacuum of the engine's queue tables where nothing else does it (PGlite,
 *                      PostgreSQL with autovacuum off), analyse every 15 min
 *
 * main.ts and the test runtime get the same duties from the composition root; tests shorten the
 * intervals and may still call deliverMail / deliverWebhooks themselves for determinism.
 */

export interface DutySettings {
  mail?: {
    /** SMTP (CRM_SMTP_URL); null or absent: mail stays in the local mailbox. */
    transport?: MailTransport | null;
    /** CRM_MAIL_FROM (default crm@localhost). */
    from?: string;
    everyMs?: number;
  };
  webhooks?: {
    everyMs?: number;
    /** Test allowances (a loopback receiver, a resolver); production reads the admin's allow-list. */
    delivery?: WebhookDeliveryOptions;
    /** CRM_WEBHOOK_RETENTION_DAYS (default 30). */
    retentionDays?: number;
    retentionEveryMs?: number;
  };
  /** Vacuum and analyse where nothing else does (default true). */
  maintenance?: boolean;
}

export interface BackgroundDuties {
  readonly duties: readonly WorkerDuty[];
  /** PGlite keeps no statistics between starts: analyse once before the first worker runs. */
  readonly analyzeAtStart: boolean;
  /** What the operator should know (autovacuum off on PostgreSQL), or null. */
  readonly notice: string | null;
  analyzeAll(): Promise<void>;
}

export async function createBackgroundDuties(db: Database, definitions: LiveDefinitionSource, settings: DutySettings = {}): Promise<BackgroundDuties> {
  const knex = db.knex;
  const upkeep = settings.maintenance === false ? { duties: [], analyzeAtStart: false, notice: null } : maintenancePlan(knex, db.kind, await autovacuumRuns(knex, db.kind));
  const mail = settings.mail ?? {};
  const transport = mail.transport ?? null;
  const from = mail.from ?? 'crm@localhost';
  const webhooks = settings.webhooks ?? {};
  const retentionDays = webhooks.retentionDays ?? DEFAULT_WEBHOOK_RETENTION_DAYS;
  const duties: WorkerDuty[] = [
    ...upkeep.duties,
    { name: 'mail delivery', everyMs: mail.everyMs ?? 5_000, run: async () => void (await deliverMail(knex, transport, from)) },
    { name: 'mailing queue', everyMs: mail.everyMs ?? 5_000, run: async () => void (await queueMailings(knex)) },
    { name: 'webhook delivery', everyMs: webhooks.everyMs ?? 2_000, run: async () => void (await deliverWebhooks(knex, definitions, webhooks.delivery ?? {})) },
    { name: 'webhook retention', everyMs: webhooks.retentionEveryMs ?? 3_600_000, run: async () => void (await pruneWebhookDeliveries(knex, { retentionDays })) },
    { name: 'stale uploads', everyMs: 3_600_000, run: async () => void (await removeStaleUploads(knex)) },
  ];
  return {
    duties,
    analyzeAtStart: upkeep.analyzeAtStart,
    notice: upkeep.notice,
    analyzeAll: () => databaseMaintenance(knex).analyzeAll(),
  };
}
