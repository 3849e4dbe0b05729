import { parseArgs } from 'node:util';
import { StartupConfigError } from '../auth/admin.bootstrap.js';
import { DEFAULT_WEBHOOK_RETENTION_DAYS } from '../webhooks/index.js';

/** How `npm start` was asked to run: flags win over the environment. */
export interface StartOptions {
  port: number;
  host: string;
  template: string | undefined;
  /** How long a graceful stop may take before the process exits anyway. */
  shutdownGraceMs: number;
  /** Finished webhook deliveries older than this are deleted (CRM_WEBHOOK_RETENTION_DAYS). */
  webhookRetentionDays: number;
}

export const START_USAGE = 'usage: npm start [-- --template <name>] [--port <port>] [--host <address>]';
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export function wholeNumber(value: string, setting: string, min: number, max: number): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new StartupConfigError(`${setting} must be a whole number from ${min} to ${max}, not "${value}".`);
  }
  return number;
}

/** Parses argv (without node and the script) and the environment; a bad flag is a StartupConfigError, not a stack trace. */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  let values: { template?: string | undefined; port?: string | undefined; host?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { template: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (error: unknown) {
    throw new StartupConfigError(`${error instanceof Error ? error.message : String(error)}\n${START_USAGE}`);
  }
  const port = values.port ?? env.PORT;
  const grace = env.CRM_SHUTDOWN_GRACE_MS;
  const retention = env.CRM_WEBHOOK_RETENTION_DAYS;
  return {
    port: port === undefined ? 3000 : wholeNumber(port, values.port === undefined ? 'PORT' : '--port', 0, 65_535),
    host: values.host ?? env.HOST ?? '0.0.0.0',
    template: values.template,
    shutdownGraceMs: grace === undefined ? DEFAULT_SHUTDOWN_GRACE_MS : wholeNumber(grace, 'CRM_SHUTDOWN_GRACE_MS', 0, 600_000),
    webhookRetentionDays: retention === undefined ? DEFAULT_WEBHOOK_RETENTION_DAYS : wholeNumber(retention, 'CRM_WEBHOOK_RETENTION_DAYS', 1, 36_500),
  };
}
