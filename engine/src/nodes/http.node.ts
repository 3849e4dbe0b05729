import { isJsonObject, toJson } from '../json.types.js';
import { StepFailure, stepError } from '../run/step-failure.js';
import { defineNodeType, type NodeResult } from './node-type.js';
import { asText } from './node-helpers.js';

/*
 * An HTTP request through the host's outbound client, which refuses private, loopback, link-local
 * and metadata addresses unless an admin allow-listed the host. The request carries the step's
 * idempotency key (the same on every attempt). 5xx answers and network failures are retried;
 * 4xx answers fail the step, since sending the same request again would get the same answer.
 */

function body(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(toJson(value));
}

export const httpNode = defineNodeType({
  type: 'http',
  work: 'external',
  async execute(ctx): Promise<NodeResult> {
    const { method, url, headers, timeoutMs } = ctx.node.config;
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
      timeoutMs: timeoutMs ?? 10000,
      idempotencyKey: ctx.idempotencyKey,
    });
    ctx.effect({ kind: 'http', method: method ?? 'POST', url: target, status: response.status });
    const output = { status: response.status, headers: response.headers, body: response.body };
    if (response.status >= 500) throw new StepFailure('HTTP_SERVER_ERROR', `${target} answered ${response.status}.`, true, { status: response.status });
    if (response.status >= 400) throw stepError('HTTP_CLIENT_ERROR', `${target} answered ${response.status}.`, { status: response.status, body: isJsonObject(response.body) || typeof response.body === 'string' ? response.body : null });
    return { kind: 'continue', output };
  },
  simulate(ctx): NodeResult {
    const target = asText(ctx.resolve(ctx.node.config.url));
    ctx.effect({ kind: 'http', method: ctx.node.config.method ?? 'POST', url: target, simulated: true });
    return { kind: 'continue', output: { simulated: true, method: ctx.node.config.method ?? 'POST', url: target } };
  },
});
