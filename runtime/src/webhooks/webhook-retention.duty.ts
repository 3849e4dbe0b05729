import type { Knex } from 'knex';

/*
 * Webhook deliveries (and the event snapshots they share, which hold whole records, hidden fields
 * included) would otherwise be kept forever. Finished deliveries (delivered, failed, skipped) older
 * than the retention period are deleted, then the events no delivery refers to any more. Pending
 * deliveries are never touched, however old. Deleted in batches, so no long lock is held.
 */

/** CRM_WEBHOOK_RETENTION_DAYS unless set (see cli/start-options.parser.ts). */
export const DEFAULT_WEBHOOK_RETENTION_DAYS = 30;
const BATCH = 1000;

export interface WebhookRetentionOptions {
  retentionDays: number;
  /** Rows per DELETE (default 1000). */
  batchSize?: number;
}

export interface WebhookRetentionSummary {
  deliveries: number;
  events: number;
}

function deletedCount(result: unknown): number {
  if (typeof result === 'object' && result !== null && 'rowCount' in result && typeof result.rowCount === 'number') return result.rowCount;
  if (typeof result === 'object' && result !== null && 'affectedRows' in result && typeof result.affectedRows === 'number') return result.affectedRows;
  return 0;
}

async function deleteInBatches(knex: Knex, sql: string, bindings: readonly Knex.RawBinding[], batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const count = deletedCount(await knex.raw(sql, [...bindings, batchSize]));
    total += count;
    if (count < batchSize) return total;
  }
}

const OLD_DELIVERIES = `
DELETE FROM webhook_deliveries WHERE id IN (
  SELECT id FROM webhook_deliveries
  WHERE status IN ('delivered', 'failed', 'skipped')
    AND coalesce(finished_at, last_attempt_at, created_at) < now() - make_interval(days => ?)
  LIMIT ?)`;

const UNREFERENCED_EVENTS = `
DELETE FROM webhook_events WHERE id IN (
  SELECT e.id FROM webhook_events e
  WHERE e.occurred_at < now() - make_interval(days => ?)
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
  LIMIT ?)`;

export async function pruneWebhookDeliveries(knex: Knex, options: WebhookRetentionOptions): Promise<WebhookRetentionSummary> {
  const batchSize = options.batchSize ?? BATCH;
  const deliveries = await deleteInBatches(knex, OLD_DELIVERIES, [options.retentionDays], batchSize);
  const events = await deleteInBatches(knex, UNREFERENCED_EVENTS, [options.retentionDays], batchSize);
  return { deliveries, events };
}
