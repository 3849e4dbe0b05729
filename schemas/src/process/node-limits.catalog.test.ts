import { describe, expect, it } from 'vitest';
import { getDefinitionAjv } from '../validation/ajv.instance.js';
import { schemaId } from '../validation/definition-schemas.registry.js';
import { DEFAULT_HTTP_RETRY_ON, DEFAULT_RETRY_POLICY, NODE_LIMITS_CATALOG, httpStatusRetried, retryDelayMsOf } from './node-limits.catalog.js';

/*
 * The node-limits catalog is what the engine runs with when a node says nothing: its delays must
 * parse, its statuses must match as documented, and what the schema accepts as a delay must be
 * exactly what the catalog's parser reads.
 */

describe('node limits catalog', () => {
  it('states the defaults: 5 attempts from 1 s up to 5 min, 4xx not retried', () => {
    expect(DEFAULT_RETRY_POLICY.attempts).toBe(5);
    expect(retryDelayMsOf(DEFAULT_RETRY_POLICY.firstDelay)).toBe(1000);
    expect(retryDelayMsOf(DEFAULT_RETRY_POLICY.maxDelay)).toBe(300_000);
    expect(httpStatusRetried(DEFAULT_HTTP_RETRY_ON, 503)).toBe(true);
    expect(httpStatusRetried(DEFAULT_HTTP_RETRY_ON, 409)).toBe(false);
    expect(httpStatusRetried(DEFAULT_HTTP_RETRY_ON, 429)).toBe(false);
    expect(NODE_LIMITS_CATALOG.map((entry) => entry.key)).toEqual(['retry.attempts', 'retry.firstDelay', 'retry.maxDelay', 'timeoutMs', 'retryOn', 'depth']);
    for (const entry of NODE_LIMITS_CATALOG) {
      expect(entry.description.ru.length).toBeGreaterThan(10);
      expect(entry.description.en.length).toBeGreaterThan(10);
    }
  });

  it('matches statuses by code and by class', () => {
    expect(httpStatusRetried([409], 409)).toBe(true);
    expect(httpStatusRetried([409], 410)).toBe(false);
    expect(httpStatusRetried(['4xx'], 404)).toBe(true);
    expect(httpStatusRetried(['4xx'], 500)).toBe(false);
    expect(httpStatusRetried([], 503)).toBe(false);
  });

  it('reads the delays the schema accepts, and no others', () => {
    const validate = getDefinitionAjv().getSchema(`${schemaId('process.schema.json')}#/$defs/RetryDelay`);
    if (!validate) throw new Error('no RetryDelay schema');
    const cases: Array<[string, number | null]> = [
      ['PT1S', 1000],
      ['PT0.05S', 50],
      ['PT5M', 300_000],
      ['PT1H30M', 5_400_000],
      ['PT1M0.5S', 60_500],
      ['PT', null],
      ['P1D', null],
      ['1S', null],
      ['PT-1S', null],
    ];
    for (const [text, ms] of cases) {
      expect(retryDelayMsOf(text), text).toBe(ms);
      expect(validate(text), text).toBe(ms !== null);
    }
  });
});
