/**
 * A writing step failed in a batch whose steps run without savepoints (worker/job.processor.ts):
 * its writes cannot be undone alone, so it is not decided there. The batch's transaction rolls back
 * and the batch runs again with a savepoint per writing step, where this step's failure is rolled
 * back alone and retried or parked as usual. Failures are rare; the savepoints cost two round trips
 * per writing step on every run.
 */
export class UnguardedStepFailure extends Error {
  constructor(
    readonly runId: string,
    readonly nodeId: string,
    override readonly cause: unknown,
  ) {
    super(`Step ${nodeId} of run ${runId} failed in a batch without savepoints: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UnguardedStepFailure';
  }
}

export function isUnguardedStepFailure(value: unknown): value is UnguardedStepFailure {
  return value instanceof UnguardedStepFailure;
}
