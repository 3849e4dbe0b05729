import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundHttp } from './outbound-http.client.js';
import { expectFailure, fakeResolver, localServers } from './outbound-test.fixtures.js';

/*
 * The outbound client's size and time limits, end to end against servers on 127.0.0.1 (allow-listed
 * so they can be reached at all), as in outbound-http.client.test.ts.
 */

const servers = localServers();
afterEach(() => servers.close());
const server = servers.start;

describe('limits', () => {
  it('caps a streamed response (no Content-Length)', async () => {
    const big = await server((res) => {
      res.write('x'.repeat(4096));
      res.end('x'.repeat(4096));
    });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'], maxResponseBytes: 1000 });
    expect(expectFailure(await http.request({ method: 'GET', url: `http://127.0.0.1:${big.port}/` })).code).toBe('RESPONSE_TOO_LARGE');
  });

  it('caps by the declared Content-Length before reading', async () => {
    const big = await server((res) => {
      res.setHeader('content-length', String(10 * 1024 * 1024));
      res.write('x'); // and then never finishes: the cap must not wait for the body
    });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'], timeoutMs: 5000 });
    expect(expectFailure(await http.request({ method: 'GET', url: `http://127.0.0.1:${big.port}/` })).code).toBe('RESPONSE_TOO_LARGE');
  });

  it('defaults to 1 MiB: exactly 1 MiB passes, one byte more fails', async () => {
    const api = await server((res, req) => res.end('y'.repeat(req.url === '/over' ? 1024 * 1024 + 1 : 1024 * 1024)));
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    const exact = await http.request({ method: 'GET', url: `http://127.0.0.1:${api.port}/exact` });
    expect(exact.ok && exact.body.length).toBe(1024 * 1024);
    expect(expectFailure(await http.request({ method: 'GET', url: `http://127.0.0.1:${api.port}/over` })).code).toBe('RESPONSE_TOO_LARGE');
  });

  it('times out a server that never answers', async () => {
    const silent = await server(() => undefined);
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'], timeoutMs: 300 });
    const started = Date.now();

    const error = expectFailure(await http.request({ method: 'GET', url: `http://127.0.0.1:${silent.port}/` }));

    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out a slow body within the total deadline', async () => {
    const slow = await server((res) => {
      res.write('start');
    });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'], timeoutMs: 300 });
    expect(expectFailure(await http.request({ method: 'GET', url: `http://127.0.0.1:${slow.port}/` })).code).toBe('TIMEOUT');
  });

  it('times out connecting: a TLS handshake that never completes', async () => {
    // Accepts TCP, never speaks TLS: the connect phase (TCP + TLS) cannot finish.
    const sockets: net.Socket[] = [];
    const mute = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const address: AddressInfo | string | null = mute.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    try {
      const dns = fakeResolver({ 'tls.partner.example': ['127.0.0.1'] });
      const http = createOutboundHttp({ allowHosts: ['127.0.0.1'], resolver: dns.resolver, connectTimeoutMs: 200, timeoutMs: 10_000 });
      const started = Date.now();

      const error = expectFailure(await http.request({ method: 'GET', url: `https://tls.partner.example:${address.port}/` }));

      expect(error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('connecting timed out') });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  });

  it('times out a resolver that hangs', async () => {
    const http = createOutboundHttp({ resolver: () => new Promise(() => undefined), timeoutMs: 200 });
    expect(expectFailure(await http.request({ method: 'GET', url: 'http://slow-dns.example/' })).code).toBe('TIMEOUT');
  });
});
