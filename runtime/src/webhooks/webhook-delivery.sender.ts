import type { OutboundErrorCode, OutboundHttp } from '../outbound/index.js';
import { signBody } from './webhook-signature.signer.js';
import type { DeliveryError, WebhookPayload } from './webhook.types.js';

/*
 * One attempt: the payload serialised once, signed over exactly those bytes, POSTed through the
 * SSRF-safe client (every hop checked, addresses pinned, credential headers, the signature
 * included, dropped on a redirect to another origin). The answer is classified:
 *
 *   2xx ─► delivered        other status, timeout, network, DNS ─► retry (backoff)
 *   refused target (blocked address, bad URL or scheme, redirect loop) ─► failed at once
 */

export type AttemptOutcome =
  | { kind: 'delivered'; status: number; body: string }
  | { kind: 'retry' | 'failed'; status: number | null; body: string | null; error: DeliveryError };

/** Refusals that the same request will meet again: retrying them only knocks on the same door. */
const PERMANENT: ReadonlySet<OutboundErrorCode> = new Set(['BLOCKED_ADDRESS', 'BAD_URL', 'SCHEME_NOT_ALLOWED', 'BAD_REQUEST', 'TOO_MANY_REDIRECTS']);

/** Enough of a receiver's answer to debug it from the deliveries list. */
const KEPT_BODY_CHARS = 1000;

export function deliveryHeaders(payload: WebhookPayload, secret: string, body: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-crm-event': payload.event,
    'x-crm-delivery': payload.id,
    'x-crm-signature': signBody(secret, body),
  };
}

export async function sendDelivery(client: OutboundHttp, url: string, secret: string, payload: WebhookPayload): Promise<AttemptOutcome> {
  const body = JSON.stringify(payload);
  const result = await client.request({ method: 'POST', url, headers: deliveryHeaders(payload, secret, body), body, idempotencyKey: payload.id });
  if (!result.ok) {
    const { code, message, url: at } = result.error;
    return { kind: PERMANENT.has(code) ? 'failed' : 'retry', status: null, body: null, error: { code, message, url: at } };
  }
  const answer = result.body.slice(0, KEPT_BODY_CHARS);
  if (result.status >= 200 && result.status < 300) return { kind: 'delivered', status: result.status, body: answer };
  return { kind: 'retry', status: result.status, body: answer, error: { code: 'HTTP_STATUS', message: `The receiver answered ${result.status}.`, url: result.finalUrl } };
}
