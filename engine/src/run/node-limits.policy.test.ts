import type { Node } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS } from '../engine.factory.js';
import { httpTimeoutMsOf, nextRetryDelayMs, retryPlanOf } from './node-limits.policy.js';

/*
 * A node's retry plan: its own `retry` over the engine defaults (the catalog's), within the
 * administrator's ceilings, and a budget that counts from the last admin retry.
 */

const update = (retry?: Record<string, unknown>): Node => ({ id: 'u', type: 'update_record', config: { values: { a: 1 }, ...(retry ? { retry } : {}) } });
const half = () => 0;

describe('node retry plan', () => {
  it('takes the catalog defaults when the node says nothing: 5 attempts from 1 s up to 5 min', () => {
    expect(retryPlanOf(update(), DEFAULT_ENGINE_OPTIONS)).toEqual({ attempts: 5, firstDelayMs: 1000, maxDelayMs: 300_000 });
    expect(DEFAULT_ENGINE_OPTIONS.maxDepth).toBe(8);
  });

  it("takes the node's own values, within the ceilings", () => {
    expect(retryPlanOf(update({ attempts: 2, firstDelay: 'PT0.1S', maxDelay: 'PT2S' }), DEFAULT_ENGINE_OPTIONS)).toEqual({ attempts: 2, firstDelayMs: 100, maxDelayMs: 2000 });
    const strict = { ...DEFAULT_ENGINE_OPTIONS, ceilings: { maxAttempts: 3, maxRetryDelayMs: 60_000, maxHttpTimeoutMs: 5000 } };
    expect(retryPlanOf(update({ attempts: 9, maxDelay: 'PT1H' }), strict)).toEqual({ attempts: 3, firstDelayMs: 1000, maxDelayMs: 60_000 });
    expect(retryPlanOf(update(), strict).attempts).toBe(3);
    expect(httpTimeoutMsOf(30_000, strict.ceilings)).toBe(5000);
    expect(httpTimeoutMsOf(undefined, DEFAULT_ENGINE_OPTIONS.ceilings)).toBe(10_000);
  });

  it('spends the budget from the last admin retry: attempts 6..10 after a retry at 5', () => {
    const plan = { attempts: 5, firstDelayMs: 1000, maxDelayMs: 300_000 };
    expect([1, 2, 3, 4].map((attempt) => nextRetryDelayMs(plan, attempt, 0, half))).toEqual([500, 1000, 2000, 4000]);
    expect(nextRetryDelayMs(plan, 5, 0, half)).toBeNull();
    // After the admin's retry the job is at attempt 6 with 5 made before: a fresh budget, the first wait again.
    expect(nextRetryDelayMs(plan, 6, 5, half)).toBe(500);
    expect(nextRetryDelayMs(plan, 9, 5, half)).toBe(4000);
    expect(nextRetryDelayMs(plan, 10, 5, half)).toBeNull();
    expect(nextRetryDelayMs({ ...plan, attempts: 1 }, 1, 0, half)).toBeNull();
  });
});
