import { createOutboundHttp, parseTargetHost, type OutboundTransport, type Resolver } from '../outbound/index.js';

/*
 * The check a webhook URL gets when an admin saves it, so a typo or an internal address is refused
 * at once instead of failing every delivery later. It runs the SSRF-safe client's own hop checks
 * (URL parse, scheme, user-info, metadata and localhost names, one DNS resolution, every address
 * against the block list and the allow-list) by sending through a transport that connects nowhere:
 * one set of rules, so what is accepted here is what delivery accepts, and nothing leaves.
 * Delivery checks again on every attempt and every redirect (DNS may change; that is the point).
 */

export type UrlVerdict =
  | { ok: true; url: string }
  | { ok: false; code: 'INVALID_URL' | 'SCHEME_NOT_ALLOWED' | 'URL_CREDENTIALS' | 'BLOCKED_ADDRESS'; reason: string };

export interface UrlCheckOptions {
  allowHosts: readonly string[];
  resolver?: Resolver;
  /** Bounds the DNS look-up made while answering a request. */
  timeoutMs?: number;
}

const MAX_URL_LENGTH = 2048;

/** Accepts every hop it is handed without opening a connection. */
const connectsNowhere: OutboundTransport = async () => ({ ok: true, status: 204, headers: {}, body: new Uint8Array() });

export async function checkWebhookUrl(input: unknown, options: UrlCheckOptions): Promise<UrlVerdict> {
  if (typeof input !== 'string' || input.trim() === '' || input.length > MAX_URL_LENGTH) {
    return { ok: false, code: 'INVALID_URL', reason: `not a URL of 1 to ${MAX_URL_LENGTH} characters` };
  }
  const target = parseTargetHost(input);
  if (!target.ok) return { ok: false, code: target.code === 'SCHEME_NOT_ALLOWED' ? 'SCHEME_NOT_ALLOWED' : 'INVALID_URL', reason: target.message };
  const client = createOutboundHttp({
    allowHosts: [...options.allowHosts],
    ...(options.resolver ? { resolver: options.resolver } : {}),
    timeoutMs: options.timeoutMs ?? 5000,
    maxRedirects: 0,
    transport: connectsNowhere,
  });
  // The host is judged first, so `public.example@10.0.0.1` is named for what it reaches.
  const probe = await client.request({ method: 'POST', url: target.url.href });
  const credentials: UrlVerdict = { ok: false, code: 'URL_CREDENTIALS', reason: 'a user name or password in the URL is not sent' };
  if (probe.ok) return target.hasCredentials ? credentials : { ok: true, url: target.url.href };
  switch (probe.error.code) {
    case 'BLOCKED_ADDRESS':
      return { ok: false, code: 'BLOCKED_ADDRESS', reason: probe.error.message };
    case 'BAD_URL':
      return target.hasCredentials ? credentials : { ok: false, code: 'INVALID_URL', reason: probe.error.message };
    case 'SCHEME_NOT_ALLOWED':
      return { ok: false, code: 'SCHEME_NOT_ALLOWED', reason: probe.error.message };
    default:
      // DNS_FAILED / TIMEOUT: the name may not exist yet; every delivery resolves and checks again.
      return target.hasCredentials ? credentials : { ok: true, url: target.url.href };
  }
}
