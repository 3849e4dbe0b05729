import type { Hop } from './outbound-hop.types.js';
import { OUTBOUND_METHODS } from './outbound.types.js';
import type { OutboundMethod, OutboundRequest } from './outbound.types.js';

/*
 * Turns the caller's request into the first hop, or says why it cannot be sent. Callers are
 * process definitions written by users, so everything is checked at run time even though the
 * types already say most of it.
 */

export type PreparedRequest = { ok: true; hop: Hop } | { ok: false; message: string };

/*
 * Headers the client owns. Framing headers (Host, Content-Length, Transfer-Encoding, ...) set by
 * a caller could split or smuggle requests; Accept-Encoding is ours because we never decompress.
 */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'expect',
  'accept-encoding',
]);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// No CR, LF or NUL (a value must not start a new header or request), and Latin-1 only as node:http requires.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function isOutboundMethod(method: string): method is OutboundMethod {
  return OUTBOUND_METHODS.some((allowed) => allowed === method);
}

export function prepareRequest(req: OutboundRequest, userAgent: string): PreparedRequest {
  const method = typeof req.method === 'string' ? req.method.toUpperCase() : '';
  if (!isOutboundMethod(method)) {
    return { ok: false, message: `method ${JSON.stringify(req.method)} is not allowed; use one of ${OUTBOUND_METHODS.join(', ')}` };
  }
  if (typeof req.url !== 'string') return { ok: false, message: 'url must be a string' };

  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: 'application/json, text/plain;q=0.9, */*;q=0.8',
  };
  for (const [rawName, value] of Object.entries(req.headers ?? {})) {
    const name = rawName.toLowerCase();
    if (!TOKEN.test(rawName)) return { ok: false, message: `header name ${JSON.stringify(rawName)} is not valid` };
    if (typeof value !== 'string' || !FIELD_VALUE.test(value)) return { ok: false, message: `header ${rawName} has an invalid value` };
    if (RESERVED_HEADERS.has(name)) return { ok: false, message: `header ${rawName} is set by the HTTP client and cannot be given` };
    headers[name] = value;
  }
  headers['accept-encoding'] = 'identity';

  if (req.idempotencyKey !== undefined) {
    if (typeof req.idempotencyKey !== 'string' || req.idempotencyKey === '' || !FIELD_VALUE.test(req.idempotencyKey)) {
      return { ok: false, message: 'idempotencyKey must be a non-empty header-safe string' };
    }
    headers['idempotency-key'] = req.idempotencyKey;
  }

  const body = encodeBody(req.body, method, headers);
  if (!body.ok) return body;
  return { ok: true, hop: { url: req.url, method, headers, body: body.bytes } };
}

function encodeBody(
  body: OutboundRequest['body'],
  method: OutboundMethod,
  headers: Record<string, string>,
): { ok: true; bytes: Uint8Array | undefined } | { ok: false; message: string } {
  if (body === undefined) return { ok: true, bytes: undefined };
  if (method === 'GET' || method === 'HEAD') return { ok: false, message: `a ${method} request cannot have a body` };
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return { ok: true, bytes: new TextEncoder().encode(body) };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    return { ok: false, message: `the body cannot be sent as JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (text === undefined) return { ok: false, message: 'the body cannot be sent as JSON' };
  headers['content-type'] ??= 'application/json';
  return { ok: true, bytes: new TextEncoder().encode(text) };
}
