import { DEFAULT_HTTP_TIMEOUT_MS, retryDelayMsOf, type Node, type NodeLimitCeilings, type RetryPolicy } from '@crm/schemas';
import { retryDelayMs } from './retry-delay.js';

/*
 * A node's own limits, as the engine applies them: the node's `retry` over the engine's defaults
 * (which come from node-limits.catalog.ts), never above the administrator's ceilings. Publish
 * refuses values above the ceilings; clamping here as well keeps a run pinned to a version
 * published under higher ceilings within the ones in force now.
 *
 * A job's attempt number keeps counting across an admin retry (the history reads 1..5, then 6, 7),
 * while the budget starts again: `attemptBase` is the attempts made before the current budget.
 */

/** The engine-wide defaults and ceilings a node's limits fall back to (EngineOptions). */
export interface RetryDefaults {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  ceilings: NodeLimitCeilings;
}

export interface RetryPlan {
  /** Attempts in one budget, the first included. */
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** The `retry` of a node whose type has one. */
export function retryPolicyOf(node: Node): RetryPolicy | undefined {
  const config = node.config;
  return config !== undefined && 'retry' in config ? config.retry : undefined;
}

function delayOr(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : (retryDelayMsOf(text) ?? fallback);
}

export function retryPlanOf(node: Node | undefined, defaults: RetryDefaults): RetryPlan {
  const policy = node ? retryPolicyOf(node) : undefined;
  const { ceilings } = defaults;
  return {
    attempts: Math.max(1, Math.min(policy?.attempts ?? defaults.maxAttempts, ceilings.maxAttempts)),
    firstDelayMs: Math.min(delayOr(policy?.firstDelay, defaults.retryBaseMs), ceilings.maxRetryDelayMs),
    maxDelayMs: Math.min(delayOr(policy?.maxDelay, defaults.retryMaxMs), ceilings.maxRetryDelayMs),
  };
}

/**
 * After attempt `attempt` failed (with `attemptBase` attempts made before this budget): the wait
 * before the next attempt, or null when the budget is spent and the run parks.
 */
export function nextRetryDelayMs(plan: RetryPlan, attempt: number, attemptBase: number, random?: () => number): number | null {
  const used = attempt - attemptBase;
  if (used >= plan.attempts) return null;
  return retryDelayMs(used, plan.firstDelayMs, plan.maxDelayMs, random);
}

/** How long an HTTP node's request may take: its own timeout or the default, within the ceiling. */
export function httpTimeoutMsOf(timeoutMs: number | undefined, ceilings: NodeLimitCeilings): number {
  return Math.min(timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS, ceilings.maxHttpTimeoutMs);
}
