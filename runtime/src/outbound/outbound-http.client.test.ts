import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundHttp } from './outbound-http.client.js';
import { buildNodeRequestOptions } from './node.transport.js';
import { expectFailure, fakeResolver, localServers, spyTransport, startLocalServer } from './outbound-test.fixtures.js';
import type { OutboundRequest } from './outbound.types.js';

/*
 * End to end against servers on 127.0.0.1. Fake names resolve through an injected table; to reach
 * the local servers at all, 127.0.0.1 (or the name) is allow-listed, which is itself under test.
 */

const servers = localServers();
afterEach(() => servers.close());
const server = servers.start;

describe('allow-list', () => {
  it('lets a named internal host through, keeping its name in Host', async () => {
    const erp = await server((res) => {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ invoices: 3 }));
    });
    const dns = fakeResolver({ 'erp.corp.example': ['127.0.0.1'] });
    const http = createOutboundHttp({ allowHosts: ['erp.corp.example'], resolver: dns.resolver });

    const result = await http.request({ method: 'GET', url: `http://erp.corp.example:${erp.port}/api/invoices?open=1` });

    expect(result).toMatchObject({ ok: true, status: 200, json: { invoices: 3 }, redirects: 0, finalUrl: `http://erp.corp.example:${erp.port}/api/invoices?open=1` });
    expect(erp.requests[0]).toMatchObject({ method: 'GET', url: '/api/invoices?open=1', headers: { host: `erp.corp.example:${erp.port}` } });
  });

  it('refuses the same host when it is not allow-listed, before connecting', async () => {
    const erp = await server((res) => res.end('never'));
    const dns = fakeResolver({ 'erp.corp.example': ['127.0.0.1'] });
    const http = createOutboundHttp({ allowHosts: ['other.corp.example'], resolver: dns.resolver });

    const result = await http.request({ method: 'GET', url: `http://erp.corp.example:${erp.port}/` });

    expect(expectFailure(result)).toMatchObject({ code: 'BLOCKED_ADDRESS', message: expect.stringContaining('127.0.0.1: loopback') });
    expect(erp.requests).toHaveLength(0);
  });

  it('lets an allow-listed CIDR through by IP literal', async () => {
    const erp = await server((res) => res.end('ok'));
    const http = createOutboundHttp({ allowHosts: ['127.0.0.0/8'], resolver: fakeResolver({}).resolver });
    expect(await http.request({ method: 'GET', url: `http://127.0.0.1:${erp.port}/` })).toMatchObject({ ok: true, body: 'ok' });
  });

  it('never lets metadata through, even with 0.0.0.0/0 allowed', async () => {
    const spy = spyTransport();
    const http = createOutboundHttp({ allowHosts: ['0.0.0.0/0', '::/0', 'metadata.google.internal'], transport: spy.transport });
    for (const url of ['http://169.254.169.254/', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/', 'http://0.0.0.0/']) {
      expect(expectFailure(await http.request({ method: 'GET', url })).code).toBe('BLOCKED_ADDRESS');
    }
    expect(spy.sent).toHaveLength(0);
  });

  it('still refuses metadata when an allow-listed name resolves to it', async () => {
    const spy = spyTransport();
    const dns = fakeResolver({ 'erp.corp.example': ['10.0.0.5', '169.254.169.254'] });
    const http = createOutboundHttp({ allowHosts: ['erp.corp.example'], resolver: dns.resolver, transport: spy.transport });
    expect(expectFailure(await http.request({ method: 'GET', url: 'http://erp.corp.example/' }))).toMatchObject({
      code: 'BLOCKED_ADDRESS',
      message: expect.stringContaining('metadata'),
    });
    expect(spy.sent).toHaveLength(0);
  });

  it('refuses a port outside allowPorts', async () => {
    const spy = spyTransport();
    const dns = fakeResolver({ 'api.public.example': ['93.184.216.34'] });
    const http = createOutboundHttp({ allowPorts: [443], resolver: dns.resolver, transport: spy.transport });
    expect(expectFailure(await http.request({ method: 'GET', url: 'https://api.public.example:8443/' })).code).toBe('BLOCKED_ADDRESS');
    expect(await http.request({ method: 'GET', url: 'https://api.public.example/' })).toMatchObject({ ok: true });
  });

  it('refuses invalid configuration at construction', () => {
    expect(() => createOutboundHttp({ allowHosts: ['10.0.0.0/40'] })).toThrow(/allowHosts/);
    expect(() => createOutboundHttp({ allowPorts: [70000] })).toThrow(/allowPorts/);
    expect(() => createOutboundHttp({ timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});

describe('request', () => {
  it('sends the Idempotency-Key, a User-Agent and a JSON body', async () => {
    const hook = await server((res) => {
      res.statusCode = 202;
      res.end();
    });
    const dns = fakeResolver({ 'hooks.partner.example': ['127.0.0.1'] });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1/32'], resolver: dns.resolver, userAgent: 'crm-test/1' });

    const result = await http.request({
      method: 'POST',
      url: `http://hooks.partner.example:${hook.port}/deal-won`,
      headers: { 'X-Trace': 'abc' },
      body: { deal: 42, amount: 100000, tags: ['vip'] },
      idempotencyKey: 'run-7-step-3',
    });

    expect(result).toMatchObject({ ok: true, status: 202 });
    expect(hook.requests[0]?.headers).toMatchObject({
      'idempotency-key': 'run-7-step-3',
      'user-agent': 'crm-test/1',
      'content-type': 'application/json',
      'accept-encoding': 'identity',
      'x-trace': 'abc',
    });
    expect(JSON.parse(hook.requests[0]?.body ?? '')).toEqual({ deal: 42, amount: 100000, tags: ['vip'] });
  });

  it('returns 4xx and 5xx as completed exchanges with their body', async () => {
    const api = await server((res) => {
      res.statusCode = 422;
      res.setHeader('content-type', 'application/problem+json');
      res.end('{"title":"invalid"}');
    });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    expect(await http.request({ method: 'GET', url: `http://127.0.0.1:${api.port}/` })).toMatchObject({
      ok: true,
      status: 422,
      json: { title: 'invalid' },
      headers: { 'content-type': 'application/problem+json' },
    });
  });

  it.each([
    [{ method: 'GET', url: 'http://127.0.0.1/', body: 'x' }, /cannot have a body/],
    [{ method: 'GET', url: 'http://127.0.0.1/', headers: { Host: 'evil.example' } }, /Host is set by the HTTP client/],
    [{ method: 'GET', url: 'http://127.0.0.1/', headers: { 'Transfer-Encoding': 'chunked' } }, /Transfer-Encoding/],
    [{ method: 'GET', url: 'http://127.0.0.1/', headers: { 'X-A': 'v\r\nX-Injected: 1' } }, /invalid value/],
    [{ method: 'GET', url: 'http://127.0.0.1/', headers: { 'Bad Name': 'v' } }, /not valid/],
    [{ method: 'GET', url: 'http://127.0.0.1/', idempotencyKey: 'a\nb' }, /idempotencyKey/],
  ] as const)('refuses an unusable request %j as BAD_REQUEST without sending', async (req, message) => {
    const spy = spyTransport();
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'], transport: spy.transport });
    expect(expectFailure(await http.request(req))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    expect(spy.sent).toHaveLength(0);
  });

  it.each(['TRACE', 'CONNECT', 'PROPFIND'])('refuses the method %s', async (method) => {
    const spy = spyTransport();
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'], transport: spy.transport });
    // Process definitions are JSON, so at run time the method can be any string.
    const req: OutboundRequest = JSON.parse(JSON.stringify({ method, url: 'http://127.0.0.1/' }));
    const result = await http.request(req);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(spy.sent).toHaveLength(0);
  });

  it('refuses credentials in the URL of an allowed host without connecting', async () => {
    const api = await server((res) => res.end('never'));
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    const error = expectFailure(await http.request({ method: 'GET', url: `http://user:secret@127.0.0.1:${api.port}/` }));
    expect(error.code).toBe('BAD_URL');
    expect(error.url).not.toContain('secret');
    expect(api.requests).toHaveLength(0);
  });

  it('reports a refused connection as NETWORK', async () => {
    const gone = await startLocalServer((res) => res.end());
    await gone.close();
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    expect(expectFailure(await http.request({ method: 'GET', url: `http://127.0.0.1:${gone.port}/` }))).toMatchObject({
      code: 'NETWORK',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('reports a failed lookup as DNS_FAILED', async () => {
    const http = createOutboundHttp({ resolver: fakeResolver({}).resolver });
    expect(expectFailure(await http.request({ method: 'GET', url: 'http://nowhere.example/' }))).toMatchObject({ code: 'DNS_FAILED' });
    const empty = createOutboundHttp({ resolver: async () => [] });
    expect(expectFailure(await empty.request({ method: 'GET', url: 'http://nowhere.example/' }))).toMatchObject({ code: 'DNS_FAILED' });
    const junk = createOutboundHttp({ resolver: async () => [{ address: 'not-an-ip', family: 4 }] });
    expect(expectFailure(await junk.request({ method: 'GET', url: 'http://nowhere.example/' }))).toMatchObject({ code: 'DNS_FAILED' });
  });
});

describe('DNS rebinding', () => {
  it('connects to the pinned, checked answer although the name now resolves elsewhere', async () => {
    // First answer public-looking, later answers loopback. No connection is made (the public
    // address is unreachable here); the lookup the socket would use is asked directly.
    const dns = fakeResolver({ 'rebind.example': (call) => (call === 0 ? ['93.184.216.34'] : ['127.0.0.1']) });
    const spy = spyTransport();
    const http = createOutboundHttp({ resolver: dns.resolver, transport: spy.transport });

    expect(await http.request({ method: 'GET', url: 'https://rebind.example/' })).toMatchObject({ ok: true });

    expect(dns.calls).toEqual(['rebind.example']);
    const hop = spy.sent[0];
    if (hop === undefined) throw new Error('nothing sent');
    const options = buildNodeRequestOptions(hop);
    expect(options).toMatchObject({ hostname: 'rebind.example', servername: 'rebind.example', agent: false });
    const lookup = options.lookup;
    if (lookup === undefined) throw new Error('no pinned lookup');
    const all = await new Promise((resolve, reject) => lookup('rebind.example', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
    expect(all).toEqual([{ address: '93.184.216.34', family: 4 }]);
    const one = await new Promise((resolve, reject) => lookup('rebind.example', { family: 4 }, (err, address) => (err ? reject(err) : resolve(address))));
    expect(one).toBe('93.184.216.34');
    const other = await new Promise((resolve) => lookup('elsewhere.example', {}, (err) => resolve(err?.code)));
    expect(other).toBe('ENOTFOUND');
    const noV6 = await new Promise((resolve) => lookup('rebind.example', { family: 6 }, (err) => resolve(err?.code)));
    expect(noV6).toBe('ENOTFOUND');
  });

  it('really connects to the pinned address: a second answer is never used', async () => {
    const target = await server((res) => res.end('pinned'));
    // Only 127.0.0.1 is allowed and only it is listening; 127.0.0.2 would be refused by the
    // guard and by the kernel. The name itself is unknown to the system resolver.
    const dns = fakeResolver({ 'rebind.example': (call) => (call === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1/32'], resolver: dns.resolver });

    const first = await http.request({ method: 'GET', url: `http://rebind.example:${target.port}/` });
    expect(first).toMatchObject({ ok: true, body: 'pinned' });
    expect(dns.calls).toEqual(['rebind.example']);
    expect(target.requests[0]?.headers.host).toBe(`rebind.example:${target.port}`);

    const second = await http.request({ method: 'GET', url: `http://rebind.example:${target.port}/` });
    expect(expectFailure(second)).toMatchObject({ code: 'BLOCKED_ADDRESS', message: expect.stringContaining('127.0.0.2') });
    expect(target.requests).toHaveLength(1);
  });
});

describe('redirects', () => {
  it('refuses a redirect to a private address, and sends nothing there', async () => {
    const inner = await server((res) => res.end('internal secrets'));
    const outer = await server((res) => {
      res.statusCode = 302;
      res.setHeader('location', `http://127.0.0.1:${inner.port}/admin`);
      res.end();
    });
    const dns = fakeResolver({ 'partner.example': ['127.0.0.1'] });
    const http = createOutboundHttp({ allowHosts: ['partner.example'], resolver: dns.resolver });

    const error = expectFailure(await http.request({ method: 'GET', url: `http://partner.example:${outer.port}/start` }));

    expect(error).toMatchObject({ code: 'BLOCKED_ADDRESS', url: `http://127.0.0.1:${inner.port}/admin` });
    expect(outer.requests).toHaveLength(1);
    expect(inner.requests).toHaveLength(0);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/iam/', 'BLOCKED_ADDRESS'],
    ['http://localhost/', 'BLOCKED_ADDRESS'],
    ['http://[::ffff:127.0.0.1]/', 'BLOCKED_ADDRESS'],
    ['http://2130706433/', 'BLOCKED_ADDRESS'],
    ['http://private-name.example/', 'BLOCKED_ADDRESS'],
    ['file:///etc/passwd', 'SCHEME_NOT_ALLOWED'],
    ['gopher://127.0.0.1:6379/_FLUSHALL', 'SCHEME_NOT_ALLOWED'],
  ])('re-checks every hop: a redirect to %s is refused', async (location, code) => {
    const dns = fakeResolver({ 'api.public.example': ['93.184.216.34'], 'private-name.example': ['10.1.2.3'] });
    const spy = spyTransport(() => ({ ok: true, status: 301, headers: { location }, body: new Uint8Array() }));
    const http = createOutboundHttp({ resolver: dns.resolver, transport: spy.transport });

    expect(expectFailure(await http.request({ method: 'GET', url: 'https://api.public.example/' })).code).toBe(code);
    expect(spy.sent).toHaveLength(1);
  });

  it('drops Authorization and Cookie on a redirect to another host, converting 302 POST to GET', async () => {
    const b = await server((res) => res.end('landed'));
    const a = await server((res) => {
      res.statusCode = 302;
      res.setHeader('location', `http://b.example:${b.port}/landing`);
      res.end();
    });
    const dns = fakeResolver({ 'a.example': ['127.0.0.1'], 'b.example': ['127.0.0.1'] });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1/32'], resolver: dns.resolver });

    const result = await http.request({
      method: 'POST',
      url: `http://a.example:${a.port}/start`,
      headers: { Authorization: 'Bearer top-secret', Cookie: 'sid=1', 'X-Api-Key': 'k', 'X-Trace': 't' },
      body: { a: 1 },
      idempotencyKey: 'key-1',
    });

    expect(result).toMatchObject({ ok: true, status: 200, body: 'landed', redirects: 1, finalUrl: `http://b.example:${b.port}/landing` });
    expect(a.requests[0]?.headers).toMatchObject({ authorization: 'Bearer top-secret', cookie: 'sid=1' });
    const landed = b.requests[0];
    expect(landed).toMatchObject({ method: 'GET', body: '', headers: { host: `b.example:${b.port}`, 'x-trace': 't', 'idempotency-key': 'key-1' } });
    expect(landed?.headers['authorization']).toBeUndefined();
    expect(landed?.headers['cookie']).toBeUndefined();
    expect(landed?.headers['x-api-key']).toBeUndefined();
    expect(landed?.headers['content-type']).toBeUndefined();
  });

  it('keeps credentials, method and body on a same-origin 307', async () => {
    const a = await server((res, req) => {
      if (req.url === '/start') {
        res.statusCode = 307;
        res.setHeader('location', '/moved');
      }
      res.end();
    });
    const dns = fakeResolver({ 'a.example': ['127.0.0.1'] });
    const http = createOutboundHttp({ allowHosts: ['a.example'], resolver: dns.resolver });

    const result = await http.request({ method: 'PUT', url: `http://a.example:${a.port}/start`, headers: { Authorization: 'Bearer t' }, body: 'raw text' });

    expect(result).toMatchObject({ ok: true, redirects: 1 });
    expect(a.requests[1]).toMatchObject({ method: 'PUT', url: '/moved', body: 'raw text', headers: { authorization: 'Bearer t', 'content-type': 'text/plain; charset=utf-8' } });
  });

  it('stops after maxRedirects', async () => {
    let count = 0;
    const loop = await server((res) => {
      count += 1;
      res.statusCode = 302;
      res.setHeader('location', `/again/${count}`);
      res.end();
    });
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1'] });

    const error = expectFailure(await http.request({ method: 'GET', url: `http://127.0.0.1:${loop.port}/` }));

    expect(error).toMatchObject({ code: 'TOO_MANY_REDIRECTS', url: `http://127.0.0.1:${loop.port}/again/6` });
    expect(loop.requests).toHaveLength(6); // the request and 5 redirects
  });

  it('does not follow at all with maxRedirects 0', async () => {
    const spy = spyTransport(() => ({ ok: true, status: 302, headers: { location: '/x' }, body: new Uint8Array() }));
    const http = createOutboundHttp({ maxRedirects: 0, resolver: fakeResolver({ 'a.public.example': ['93.184.216.34'] }).resolver, transport: spy.transport });
    expect(expectFailure(await http.request({ method: 'GET', url: 'http://a.public.example/' })).code).toBe('TOO_MANY_REDIRECTS');
  });
});
