import { describe, expect, it } from 'vitest';
import { failedStepOutcome, retryOrPark } from './retry-decision.js';

/* Retry or park: the budget counts from the last admin retry; infrastructure failures do not count. */

const plan = { attempts: 3, firstDelayMs: 1000, maxDelayMs: 60_000 };
const low = () => 0;

describe('retry or park', () => {
  it('retries a retryable failure as the next attempt, with backoff', () => {
    expect(retryOrPark(plan, { attempt: 1, attemptBase: 0, retryable: true, counts: true }, low)).toEqual({ kind: 'retry', delayMs: 500, attempt: 2 });
    expect(retryOrPark(plan, { attempt: 2, attemptBase: 0, retryable: true, counts: true }, low)).toEqual({ kind: 'retry', delayMs: 1000, attempt: 3 });
  });

  it('parks when the budget is spent, and counts the budget from the last admin retry', () => {
    expect(retryOrPark(plan, { attempt: 3, attemptBase: 0, retryable: true, counts: true }, low)).toEqual({ kind: 'park' });
    expect(retryOrPark(plan, { attempt: 4, attemptBase: 3, retryable: true, counts: true }, low)).toEqual({ kind: 'retry', delayMs: 500, attempt: 5 });
  });

  it('parks at once a failure that would fail the same way again', () => {
    expect(retryOrPark(plan, { attempt: 1, attemptBase: 0, retryable: false, counts: true }, low)).toEqual({ kind: 'park' });
  });

  it('tries the same attempt again, even past the budget, when the failure was not the step', () => {
    expect(retryOrPark(plan, { attempt: 3, attemptBase: 0, retryable: true, counts: false }, low)).toEqual({ kind: 'retry', delayMs: 2000, attempt: 3 });
  });
});

describe('failed step outcome', () => {
  const failed = { attempt: 1, attemptBase: 0, retryable: true, counts: true };

  it('refuses the save of a before-save run, whatever the budget', () => {
    expect(failedStepOutcome('before-save', plan, failed, low)).toEqual({ kind: 'refuse-save' });
  });

  it('ends a simulation at once: it does not retry', () => {
    expect(failedStepOutcome('simulate', plan, failed, low)).toEqual({ kind: 'end-run' });
  });

  it('retries or parks an after-save run as its plan says', () => {
    expect(failedStepOutcome('after-save', plan, failed, low)).toEqual({ kind: 'retry', delayMs: 500, attempt: 2 });
    expect(failedStepOutcome('after-save', plan, { ...failed, retryable: false }, low)).toEqual({ kind: 'park' });
  });
});
