import { describe, expect, it } from 'vitest';
import { StartupConfigError } from '../auth/admin.bootstrap.js';
import { parseRuntimeOptions } from './runtime-options.parser.js';
import { parseStartOptions } from './start-options.parser.js';
import { chosenTemplate, firstStartHint } from './template-choice.parser.js';

/*
 * `npm start`'s flags and environment: defaults when nothing is set, flags over the environment,
 * and every bad value a StartupConfigError naming the setting (main.ts prints it as "Cannot start:
 * ..." with no stack trace), never a NaN that surfaces later.
 */

describe('npm start options', () => {
  it('defaults to port 3000 on every address, a 10 s grace and 30 days of webhook deliveries', () => {
    expect(parseStartOptions([], {})).toEqual({ port: 3000, host: '0.0.0.0', template: undefined, shutdownGraceMs: 10_000, webhookRetentionDays: 30 });
  });

  it('takes flags over the environment', () => {
    const options = parseStartOptions(['--template', 'b2b-sales', '--port', '8080'], { PORT: '9000', HOST: '127.0.0.1', CRM_SHUTDOWN_GRACE_MS: '2500' });
    expect(options).toMatchObject({ port: 8080, host: '127.0.0.1', template: 'b2b-sales', shutdownGraceMs: 2500 });
  });

  it.each([
    [['--port', 'eighty'], {}, /--port must be a whole number/],
    [[], { PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [[], { CRM_WEBHOOK_RETENTION_DAYS: '0' }, /CRM_WEBHOOK_RETENTION_DAYS/],
    [['--tempate', 'x'], {}, /usage: npm start/],
  ])('refuses %j %j with a message naming the setting', (argv, env, message) => {
    expect(() => parseStartOptions(argv, env)).toThrow(StartupConfigError);
    expect(() => parseStartOptions(argv, env)).toThrow(message);
  });

  it('reads worker and script settings, refusing numbers that are not whole or in range', () => {
    const settings = parseRuntimeOptions({ CRM_WORKERS: '0', CRM_SCRIPT_MEMORY_TOTAL_MB: '1024' }, 'postgres', 30);
    expect(settings.workerCount).toBe(0);
    expect(settings.runtime.engine).toMatchObject({ scriptMemoryTotalMb: 1024 });
    expect(settings.runtime.workers).toMatchObject({ concurrency: 4 });
    expect(() => parseRuntimeOptions({ CRM_WORKERS: 'many' }, 'pglite', 30)).toThrow(/CRM_WORKERS must be a whole number/);
    expect(() => parseRuntimeOptions({ CRM_SCRIPT_MEMORY_TOTAL_MB: '-5' }, 'pglite', 30)).toThrow(/CRM_SCRIPT_MEMORY_TOTAL_MB/);
  });

  it('reads the ceilings on process nodes, keeping the catalog defaults for those not set', () => {
    expect(parseRuntimeOptions({}, 'pglite', 30).runtime.engine?.engine?.ceilings).toEqual({ maxAttempts: 10, maxRetryDelayMs: 3_600_000, maxHttpTimeoutMs: 60_000 });
    const set = parseRuntimeOptions({ CRM_MAX_NODE_ATTEMPTS: '3', CRM_MAX_RETRY_DELAY_MS: '30000', CRM_MAX_HTTP_TIMEOUT_MS: '120000' }, 'pglite', 30);
    expect(set.runtime.engine?.engine?.ceilings).toEqual({ maxAttempts: 3, maxRetryDelayMs: 30_000, maxHttpTimeoutMs: 120_000 });
    expect(() => parseRuntimeOptions({ CRM_MAX_NODE_ATTEMPTS: '0' }, 'pglite', 30)).toThrow(/CRM_MAX_NODE_ATTEMPTS must be a whole number from 1 to 100/);
    expect(() => parseRuntimeOptions({ CRM_MAX_RETRY_DELAY_MS: '1h' }, 'pglite', 30)).toThrow(/CRM_MAX_RETRY_DELAY_MS/);
    expect(() => parseRuntimeOptions({ CRM_MAX_HTTP_TIMEOUT_MS: '300001' }, 'pglite', 30)).toThrow(/CRM_MAX_HTTP_TIMEOUT_MS must be a whole number from 100 to 300000/);
  });

  it('names the templates that exist when --template names none, and says how to begin when nothing is live', () => {
    expect(chosenTemplate('b2b-sales')).toBe('b2b-sales');
    expect(() => chosenTemplate('nope')).toThrow(/There is no template "nope"\. Templates: .*b2b-sales/);
    const hint = firstStartHint('http://localhost:3000');
    expect(hint).toContain('npm start -- --template b2b-sales');
    expect(hint).toContain('PUT http://localhost:3000/api/definitions/draft');
    expect(hint).toContain('http://localhost:3000/builder');
  });
});
