import { StepFailure, stepError, type HttpPort } from '@crm/engine';
import type { Knex } from 'knex';
import { createOutboundHttp, OUTBOUND_METHODS, type OutboundMethod, type OutboundHttpOptions } from '../outbound/index.js';
import { readAllowHosts } from '../settings/outbound-allow-list.store.js';

/*
 * The HTTP node's port over the SSRF-safe outbound client: private, loopback, link-local and
 * metadata addresses are refused in every spelling, each redirect is checked again, the resolved
 * address is pinned, credentials are dropped across hosts, unless an admin allow-listed the host.
 * Refusals and bad requests fail the step for good; timeouts and network failures are retried.
 */

const RETRYABLE = new Set(['TIMEOUT', 'NETWORK', 'DNS_FAILED']);

function isMethod(value: string): value is OutboundMethod {
  return (OUTBOUND_METHODS as readonly string[]).includes(value);
}

export function createEngineHttpPort(knex: Knex, extra: Partial<OutboundHttpOptions> = {}): HttpPort {
  return {
    async request(spec) {
      if (!isMethod(spec.method)) throw stepError('HTTP_BAD_REQUEST', `The method ${spec.method} is not allowed.`);
      const client = createOutboundHttp({ ...extra, allowHosts: [...(extra.allowHosts ?? []), ...(await readAllowHosts(knex))], timeoutMs: spec.timeoutMs });
      const result = await client.request({
        method: spec.method,
        url: spec.url,
        headers: spec.headers,
        ...(spec.body === undefined ? {} : { body: spec.body }),
        idempotencyKey: spec.idempotencyKey,
      });
      if (!result.ok) {
        const code = `HTTP_${result.error.code}`;
        if (RETRYABLE.has(result.error.code)) throw new StepFailure(code, result.error.message, true, { url: result.error.url });
        throw stepError(code, result.error.message, { url: result.error.url });
      }
      const body = result.json === undefined ? result.body : JSON.parse(JSON.stringify(result.json));
      return { status: result.status, headers: result.headers, body };
    },
  };
}
