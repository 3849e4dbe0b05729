import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { createPinnedLookup } from './pinned-lookup.factory.js';
import type { OutboundTransport, TransportRequest, TransportResult } from './outbound.types.js';

/*
 * Sends one checked hop with node:http/https. The socket connects only to the pinned addresses;
 * a fresh agent per hop means no pooled socket opened for another address is ever reused. We ask
 * for identity encoding and never decompress, so the size cap counts real bytes (no zip bombs).
 */

export function buildNodeRequestOptions(req: TransportRequest): https.RequestOptions {
  const { url } = req;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(req.body.byteLength);
  const options: https.RequestOptions = {
    protocol: url.protocol,
    hostname: host,
    path: `${url.pathname}${url.search}`,
    method: req.method,
    headers,
    agent: false,
    lookup: createPinnedLookup(host, req.addresses),
  };
  if (url.port !== '') options.port = Number(url.port);
  // SNI carries names only, never IP literals, and never a trailing dot (RFC 6066).
  if (url.protocol === 'https:' && isIP(host) === 0) options.servername = host.replace(/\.+$/, '');
  return options;
}

export const nodeTransport: OutboundTransport = (req) =>
  new Promise<TransportResult>((resolve) => {
    const secure = req.url.protocol === 'https:';
    const options = buildNodeRequestOptions(req);
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;

    const client = secure ? https.request(options) : http.request(options);

    const finish = (result: TransportResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      req.signal.removeEventListener('abort', onAbort);
      if (!result.ok) client.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish({ ok: false, code: 'TIMEOUT', message: 'the request timed out' });

    if (req.signal.aborted) return onAbort();
    req.signal.addEventListener('abort', onAbort, { once: true });

    client.on('socket', (socket) => {
      connectTimer = setTimeout(
        () => finish({ ok: false, code: 'TIMEOUT', message: `connecting timed out after ${req.connectTimeoutMs} ms` }),
        req.connectTimeoutMs,
      );
      // For https the connection is only usable once TLS is up, so the handshake counts as connecting.
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    client.on('error', (error) => finish({ ok: false, code: 'NETWORK', message: describeError(error) }));
    client.on('response', (response) => readResponse(response, req.maxResponseBytes, finish));
    client.end(req.body);
  });

function readResponse(response: IncomingMessage, maxBytes: number, finish: (result: TransportResult) => void): void {
  const tooLarge: TransportResult = { ok: false, code: 'RESPONSE_TOO_LARGE', message: `the response is larger than ${maxBytes} bytes` };
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return finish(tooLarge);

  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size > maxBytes) finish(tooLarge);
    else chunks.push(chunk);
  });
  response.on('end', () =>
    finish({ ok: true, status: response.statusCode ?? 0, headers: flattenHeaders(response.headers), body: Buffer.concat(chunks) }),
  );
  response.on('error', (error) => finish({ ok: false, code: 'NETWORK', message: describeError(error) }));
  // A server that hangs up mid-body: 'close' without 'end'. finish() ignores it after 'end'.
  response.on('close', () => finish({ ok: false, code: 'NETWORK', message: 'the connection closed before the response ended' }));
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeError(error: Error): string {
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  return `${code}${error.message}`;
}
