import { DEFAULT_HTTP_RETRY_ON, DEFAULT_HTTP_TIMEOUT_MS, httpStatusRetried } from '@crm/schemas';
import { isJsonObject, toJson } from '../json.types.js';
import { httpTimeoutMsOf } from '../run/node-limits.policy.js';
import { StepFailure } from '../run/step-failure.js';
import { defineNodeType, type NodeResult } from './node-type.js';
import { asText } from './node-helpers.js';

/*
 * An HTTP request through the host's outbound client, which refuses private, loopback, link-local
 * and metadata addresses unless an admin allow-listed the host. The request carries the step's
 * idempotency key (the same on every attempt). Timeouts and network failures are retried; answers
 * are retried as the node's `retryOn` says (statuses such as 409, classes such as "4xx"), by default
 * 5xx only, since a 4xx usually says the request itself is wrong and would get the same answer again.
 */

function body(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(toJson(value));
}

export const httpNode = defineNodeType({
  type: 'http',
  work: 'external',
  callTimeoutMs: (node, ceilings) => httpTimeoutMsOf(node.config.timeoutMs, ceilings),
  async execute(ctx): Promise<NodeResult> {
    const { method, url, headers, timeoutMs, retryOn } = ctx.node.config;
    const resolvedHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers ?? {})) resolvedHeaders[name] = asText(ctx.resolve(value));
    const payload = body(ctx.resolve(ctx.node.config.body));
    if (payload !== undefined && !Object.keys(resolvedHeaders).some((h) => h.toLowerCase() === 'content-type')) {
      resolvedHeaders['content-type'] = typeof ctx.node.config.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    }
    const target = asText(ctx.resolve(url));
    const response = await ctx.ports.http.request({
      method: method ?? 'POST',
      url: target,
      headers: resolvedHeaders,
      ...(payload === undefined ? {} : { body: payload }),
      timeoutMs: timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
      idempotencyKey: ctx.idempotencyKey,
    });
    ctx.effect({ kind: 'http', method: method ?? 'POST', url: target, status: response.status });
    const output = { status: response.status, headers: response.headers, body: response.body };
    if (response.status >= 400) {
      const retried = httpStatusRetried(retryOn ?? DEFAULT_HTTP_RETRY_ON, response.status);
      // A 4xx body usually says what was wrong with the request; a 5xx one is an error page.
      if (response.status >= 500) throw new StepFailure('HTTP_SERVER_ERROR', `${target} answered ${response.status}.`, retried, { status: response.status });
      throw new StepFailure('HTTP_CLIENT_ERROR', `${target} answered ${response.status}.`, retried, { status: response.status, body: isJsonObject(response.body) || typeof response.body === 'string' ? response.body : null });
    }
    return { kind: 'continue', output };
  },
  simulate(ctx): NodeResult {
    const target = asText(ctx.resolve(ctx.node.config.url));
    ctx.effect({ kind: 'http', method: ctx.node.config.method ?? 'POST', url: target, simulated: true });
    return { kind: 'continue', output: { simulated: true, method: ctx.node.config.method ?? 'POST', url: target } };
  },
});
