import type { PublishDryRunResponse, PublishResponse, RollbackRequest } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * Rollbacks for the version history (the draft's own publish calls are in definition-draft.api.ts):
 * a dry run gives the plan, with the row counts of what it drops, before the real one.
 */

export function dryRunRollback(version: number): Promise<PublishDryRunResponse> {
  return apiRequest<PublishDryRunResponse>('POST', '/api/definitions/rollback?dryRun=1', { version } satisfies RollbackRequest);
}

export function rollbackTo(version: number, confirm: string[]): Promise<PublishResponse> {
  return apiRequest<PublishResponse>('POST', '/api/definitions/rollback', { version, confirm } satisfies RollbackRequest);
}
