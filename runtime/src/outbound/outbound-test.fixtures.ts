import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboundResult, Resolver, TransportRequest, TransportResult, OutboundTransport } from './outbound.types.js';

/*
 * Test doubles for the outbound client. Nothing here touches real DNS or any address but
 * 127.0.0.1: names resolve through a table, and servers listen on loopback only.
 */

/** Each name maps to its answers, or to a function of the call number (0, 1, ...) for rebinding. */
export function fakeResolver(table: Record<string, string[] | ((call: number) => string[])>): { resolver: Resolver; calls: string[] } {
  const calls: string[] = [];
  const resolver: Resolver = async (host) => {
    const callNumber = calls.filter((name) => name === host).length;
    calls.push(host);
    const entry = table[host];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const answers = typeof entry === 'function' ? entry(callNumber) : entry;
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolver, calls };
}

/** Records every hop it is asked to send and sends nothing. */
export function spyTransport(
  respond: (req: TransportRequest) => TransportResult = () => ({ ok: true, status: 204, headers: {}, body: new Uint8Array() }),
): { transport: OutboundTransport; sent: TransportRequest[] } {
  const sent: TransportRequest[] = [];
  return {
    sent,
    transport: async (req) => {
      sent.push(req);
      return respond(req);
    },
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LocalServer {
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records each request (with its body) before the handler answers. */
export async function startLocalServer(
  handler: (res: ServerResponse, recorded: RecordedRequest, req: IncomingMessage) => void,
): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      handler(res, recorded, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Loopback servers a test file starts and closes after each test: call `close()` in afterEach.
 * `start` starts one and remembers it.
 */
export function localServers(): { start(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer>; close(): Promise<void> } {
  const servers: LocalServer[] = [];
  return {
    async start(handler) {
      const started = await startLocalServer(handler);
      servers.push(started);
      return started;
    },
    async close() {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    },
  };
}

/** The error of a result that must have failed (the test fails at once if it succeeded). */
export function expectFailure(result: OutboundResult): { code: string; message: string; url: string } {
  if (result.ok) throw new Error(`expected a failure, got HTTP ${result.status}`);
  return result.error;
}
