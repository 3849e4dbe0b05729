import { describe, expect, it } from 'vitest';
import { CLAIM_FUNCTION_0111 } from './engine.migrations.js';
import { CLAIMABLE_JOB_CONDITIONS } from './run-state.store.js';

/*
 * The claim's conditions live twice: in run-state.store.ts for the claims by id, and frozen inside
 * the SQL function engine_claim_due_jobs that migration 0111 creates for the claim of whatever is
 * due. If they differ, a worker and a retried batch would disagree about which jobs may be taken.
 */
const normalized = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

describe('the claim conditions', () => {
  it('are the same in the claim function as in the claims by id (a change needs a migration replacing the function)', () => {
    expect(normalized(CLAIM_FUNCTION_0111)).toContain(`WHERE ${normalized(CLAIMABLE_JOB_CONDITIONS)} ORDER BY j.due_at, j.id`);
  });
});
