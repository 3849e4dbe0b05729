import type { Knex } from 'knex';
import { deleteUnattachedBefore } from './file.repository.js';

/*
 * An upload no save referenced within a day was abandoned (the form was closed, the file removed
 * before saving): its bytes are deleted. Attached files stay, even after a record drops them: its
 * history still names them. Run hourly by every worker (background-duties.factory.ts); the DELETE
 * is idempotent, so workers running it at once do no harm.
 */

export const STALE_UPLOAD_AGE_MS = 24 * 60 * 60 * 1000;

export async function removeStaleUploads(knex: Knex, now: Date = new Date()): Promise<number> {
  return deleteUnattachedBefore(knex, new Date(now.getTime() - STALE_UPLOAD_AGE_MS));
}
