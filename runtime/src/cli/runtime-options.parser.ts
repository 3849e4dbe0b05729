import { DEFAULT_NODE_LIMIT_CEILINGS, type NodeLimitCeilings } from '@crm/schemas';
import type { DatabaseKind } from '../db/database.factory.js';
import { transportFromEnv } from '../mail/mail-delivery.duty.js';
import { trustProxySetting } from '../auth/trust-proxy.setting.js';
import { faultProbeFromEnv } from '../processes/fault-injection.probe.js';
import type { RuntimeOptions } from '../runtime.factory.js';
import { wholeNumber } from './start-options.parser.js';

/*
 * The environment of `npm start`, turned into the composition root's options: the one place besides
 * start-options.parser.ts where the runtime reads process.env (README.md lists the variables).
 */

export interface ProcessSettings {
  /** CRM_WORKERS: engine workers in this process (0 for an HTTP-only process). */
  workerCount: number;
  runtime: RuntimeOptions;
}

function optionalNumber(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : wholeNumber(value, name, min, max);
}

/**
 * The ceilings on what a process node may ask for (CRM_MAX_NODE_ATTEMPTS, CRM_MAX_RETRY_DELAY_MS,
 * CRM_MAX_HTTP_TIMEOUT_MS); unset ones keep the defaults of node-limits.catalog.ts. The upper bounds
 * are the definition schema's own (100 attempts, a 5 min HTTP timeout) and one day of waiting.
 */
export function parseNodeLimitCeilings(env: NodeJS.ProcessEnv): NodeLimitCeilings {
  return {
    maxAttempts: optionalNumber(env, 'CRM_MAX_NODE_ATTEMPTS', 1, 100) ?? DEFAULT_NODE_LIMIT_CEILINGS.maxAttempts,
    maxRetryDelayMs: optionalNumber(env, 'CRM_MAX_RETRY_DELAY_MS', 1, 86_400_000) ?? DEFAULT_NODE_LIMIT_CEILINGS.maxRetryDelayMs,
    maxHttpTimeoutMs: optionalNumber(env, 'CRM_MAX_HTTP_TIMEOUT_MS', 100, 300_000) ?? DEFAULT_NODE_LIMIT_CEILINGS.maxHttpTimeoutMs,
  };
}

export function parseRuntimeOptions(env: NodeJS.ProcessEnv, kind: DatabaseKind, webhookRetentionDays: number): ProcessSettings {
  const probe = faultProbeFromEnv(env.CRM_FAULT_KILL_AT);
  const scriptMemoryTotalMb = optionalNumber(env, 'CRM_SCRIPT_MEMORY_TOTAL_MB', 1, 1_048_576);
  const batchSize = optionalNumber(env, 'CRM_WORKER_BATCH', 1, 1000);
  const trustProxy = trustProxySetting(env.CRM_TRUST_PROXY);
  return {
    workerCount: optionalNumber(env, 'CRM_WORKERS', 0, 64) ?? 1,
    runtime: {
      engine: {
        engine: { ceilings: parseNodeLimitCeilings(env) },
        ...(probe ? { probe } : {}),
        ...(scriptMemoryTotalMb !== undefined ? { scriptMemoryTotalMb } : {}),
      },
      ...(trustProxy !== undefined ? { trustProxy } : {}),
      workers: {
        concurrency: optionalNumber(env, 'CRM_WORKER_CONCURRENCY', 1, 256) ?? (kind === 'pglite' ? 1 : 4),
        ...(batchSize !== undefined ? { batchSize } : {}),
      },
      duties: {
        mail: { transport: transportFromEnv(env), from: env.CRM_MAIL_FROM ?? 'crm@localhost' },
        webhooks: { retentionDays: webhookRetentionDays },
      },
    },
  };
}
