import { RUNTIME_VERSION } from '../version.js';
import { compileAllowList } from './allow-list.matcher.js';
import { nodeTransport } from './node.transport.js';
import { outboundFailure } from './outbound-error.factory.js';
import type { Hop } from './outbound-hop.types.js';
import { prepareRequest } from './outbound-request.preparer.js';
import type { OutboundHttp, OutboundHttpOptions, OutboundRequest, OutboundResult, OutboundTransport } from './outbound.types.js';
import { decideRedirect } from './redirect.policy.js';
import { decodeResponseBody } from './response-body.decoder.js';
import { systemResolver } from './system.resolver.js';
import { guardTarget } from './target.guard.js';
import type { TargetPolicy } from './target.guard.js';
import { displayUrl, parseTargetHost } from './target-host.parser.js';

/*
 * The hop loop: parse -> guard (resolve once, check every address) -> send pinned -> follow a
 * redirect by going round again, so every hop passes the same checks as the first.
 */

const DEFAULTS = { timeoutMs: 30_000, connectTimeoutMs: 10_000, maxResponseBytes: 1024 * 1024, maxRedirects: 5 };

interface ClientSettings {
  policy: TargetPolicy;
  transport: OutboundTransport;
  userAgent: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
}

/** Throws on invalid options (a configuration error, found at start-up); request() never throws. */
export function createOutboundHttp(options: OutboundHttpOptions = {}): OutboundHttp {
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs);
  const settings: ClientSettings = {
    policy: {
      allowList: compileAllowList(options.allowHosts ?? []),
      allowPorts: options.allowPorts === undefined ? undefined : new Set(options.allowPorts.map(checkPort)),
      resolver: options.resolver ?? systemResolver,
    },
    transport: options.transport ?? nodeTransport,
    userAgent: options.userAgent ?? `crm-builder/${RUNTIME_VERSION}`,
    timeoutMs,
    connectTimeoutMs: Math.min(positiveInteger('connectTimeoutMs', options.connectTimeoutMs, DEFAULTS.connectTimeoutMs), timeoutMs),
    maxResponseBytes: positiveInteger('maxResponseBytes', options.maxResponseBytes, DEFAULTS.maxResponseBytes),
    maxRedirects: options.maxRedirects === 0 ? 0 : positiveInteger('maxRedirects', options.maxRedirects, DEFAULTS.maxRedirects),
  };
  return { request: (req) => requestWithDeadline(req, settings) };
}

async function requestWithDeadline(req: OutboundRequest, settings: ClientSettings): Promise<OutboundResult> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), settings.timeoutMs);
  try {
    return await followHops(req, settings, deadline.signal);
  } catch (error) {
    // Only a faulty injected resolver or transport gets here; it is still an error value.
    return outboundFailure('NETWORK', `unexpected failure: ${error instanceof Error ? error.message : String(error)}`, String(req.url));
  } finally {
    clearTimeout(timer);
  }
}

async function followHops(req: OutboundRequest, settings: ClientSettings, signal: AbortSignal): Promise<OutboundResult> {
  const prepared = prepareRequest(req, settings.userAgent);
  if (!prepared.ok) return outboundFailure('BAD_REQUEST', prepared.message, String(req.url));

  let hop: Hop = prepared.hop;
  for (let redirects = 0; ; redirects += 1) {
    const target = parseTargetHost(hop.url);
    if (!target.ok) return outboundFailure(target.code, target.message, hop.url);
    const guard = await guardTarget(target, settings.policy, signal);
    if (!guard.ok) return outboundFailure(guard.code, guard.message, target.url);
    if (target.hasCredentials) {
      // fetch() refuses these too; credentials in URLs end up in logs and run history.
      return outboundFailure('BAD_URL', 'credentials in the URL are not sent; put them in an Authorization header', target.url);
    }

    const sent = await settings.transport({
      url: target.url,
      addresses: guard.addresses,
      method: hop.method,
      headers: hop.headers,
      body: hop.body,
      maxResponseBytes: settings.maxResponseBytes,
      connectTimeoutMs: settings.connectTimeoutMs,
      signal,
    });
    if (!sent.ok) return outboundFailure(sent.code, sent.message, target.url);

    const decision = decideRedirect(hop, sent.status, sent.headers['location']);
    if (decision.kind === 'bad-location') return outboundFailure('BAD_URL', decision.message, target.url);
    if (decision.kind === 'final') {
      return { ok: true, status: sent.status, headers: sent.headers, ...decodeResponseBody(sent.headers, sent.body), finalUrl: displayUrl(target.url), redirects };
    }
    if (redirects >= settings.maxRedirects) {
      return outboundFailure('TOO_MANY_REDIRECTS', `more than ${settings.maxRedirects} redirects`, decision.hop.url);
    }
    hop = decision.hop;
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`outbound ${name} must be a positive integer (got ${value})`);
  return value;
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`outbound allowPorts: ${port} is not a port`);
  return port;
}
