import { describe, expect, it } from 'vitest';
import { createOutboundHttp } from './outbound-http.client.js';
import { fakeResolver, spyTransport } from './outbound-test.fixtures.js';
import type { OutboundErrorCode } from './outbound.types.js';

/*
 * Every spelling of a forbidden target is refused before anything is sent. The spy transport
 * proves no connection was attempted; the spy resolver proves literal IPs and forbidden names were
 * not even looked up. No allow-list here: this is the default configuration.
 */

type Lookup = 'not resolved' | 'resolved';

const BLOCKED: [url: string, code: OutboundErrorCode, lookup: Lookup][] = [
  // IPv4 loopback in every spelling the URL parser accepts
  ['http://127.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://127.0.0.1:8080/admin', 'BLOCKED_ADDRESS', 'not resolved'],
  ['https://127.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://2130706433/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://0177.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://017700000001/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://0x7f.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://0x7f000001/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://0x7f.0x0.0x0.0x1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://127.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://127.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://127.0.0.1./', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://127.255.255.254/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://１２７.０.０.１/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://127。0。0。1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://%31%32%37.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['HTTP://127.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http:\\\\127.0.0.1\\', 'BLOCKED_ADDRESS', 'not resolved'],
  // unspecified
  ['http://0.0.0.0/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://0/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[::]/', 'BLOCKED_ADDRESS', 'not resolved'],
  // IPv6 loopback, ULA, link-local, multicast
  ['http://[::1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[0:0:0:0:0:0:0:1]:8080/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[fc00::1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[fd12:3456::1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[fe80::1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[ff02::1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  // IPv4 inside IPv6: mapped, compatible, NAT64, 6to4
  ['http://[::ffff:127.0.0.1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[::ffff:7f00:1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[::ffff:10.0.0.1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[::127.0.0.1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[64:ff9b::7f00:1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[64:ff9b::192.168.1.1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[2002:7f00:1::]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[2002:c0a8:101::1]/', 'BLOCKED_ADDRESS', 'not resolved'],
  // private, CGNAT, special
  ['http://10.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://10.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://172.16.5.4/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://192.168.1.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://100.64.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://198.18.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://192.0.2.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://224.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://240.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://255.255.255.255/', 'BLOCKED_ADDRESS', 'not resolved'],
  // cloud metadata, by address
  ['http://169.254.169.254/latest/meta-data/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://0xa9fea9fe/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://169.254.43518/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://2852039166/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[::ffff:a9fe:a9fe]/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://[fd00:ec2::254]/latest/meta-data/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://100.100.100.200/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://192.0.0.192/', 'BLOCKED_ADDRESS', 'not resolved'],
  // user-info tricks: the host is what comes after the last @
  ['http://user@127.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://user:pass@127.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://public.example@127.0.0.1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://public.example:443@169.254.169.254/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://127.0.0.1\\@public.example/', 'BLOCKED_ADDRESS', 'not resolved'],
  // names refused before any lookup
  ['http://localhost/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://LOCALHOST./', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://localhost../', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://ⓛocalhost/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://app.localhost/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://user@localhost:3000/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://metadata.google.internal/computeMetadata/v1/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://METADATA.GOOGLE.INTERNAL./', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://metadata/', 'BLOCKED_ADDRESS', 'not resolved'],
  ['http://metadata.goog/', 'BLOCKED_ADDRESS', 'not resolved'],
  // names whose answers are private: resolved once, refused before connecting
  ['http://public-looking.example/', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://PUBLIC-LOOKING.EXAMPLE./', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://mixed.example/', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://v6-loopback.example/', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://mapped.example/', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://nat64.example/', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://metadata-alias.example/', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://bücher.example/', 'BLOCKED_ADDRESS', 'resolved'],
  ['http://127.0.0.1.nip.io/', 'BLOCKED_ADDRESS', 'resolved'],
  // schemes other than http and https
  ['file:///etc/passwd', 'SCHEME_NOT_ALLOWED', 'not resolved'],
  ['gopher://127.0.0.1:70/_', 'SCHEME_NOT_ALLOWED', 'not resolved'],
  ['dict://127.0.0.1:11211/stat', 'SCHEME_NOT_ALLOWED', 'not resolved'],
  ['ftp://public.example/', 'SCHEME_NOT_ALLOWED', 'not resolved'],
  ['ws://public.example/', 'SCHEME_NOT_ALLOWED', 'not resolved'],
  ['data:text/plain,hello', 'SCHEME_NOT_ALLOWED', 'not resolved'],
  ['javascript:alert(1)', 'SCHEME_NOT_ALLOWED', 'not resolved'],
  // not URLs at all
  ['http://[fe80::1%25eth0]/', 'BAD_URL', 'not resolved'],
  ['http://1.2.3.4.5/', 'BAD_URL', 'not resolved'],
  ['/relative/path', 'BAD_URL', 'not resolved'],
  ['http://', 'BAD_URL', 'not resolved'],
];

function client() {
  const dns = fakeResolver({
    'public-looking.example.': ['127.0.0.1'],
    'public-looking.example': ['127.0.0.1'],
    'mixed.example': ['93.184.216.34', '10.0.0.1'],
    'v6-loopback.example': ['::1'],
    'mapped.example': ['::ffff:127.0.0.1'],
    'nat64.example': ['64:ff9b::a00:1'],
    'metadata-alias.example': ['169.254.169.254'],
    'xn--bcher-kva.example': ['192.168.0.10'],
    '127.0.0.1.nip.io': ['127.0.0.1'],
  });
  const spy = spyTransport();
  return { http: createOutboundHttp({ resolver: dns.resolver, transport: spy.transport }), dns, spy };
}

describe('blocked URL spellings', () => {
  it('has at least 40 spellings', () => {
    expect(BLOCKED.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BLOCKED)('refuses %s with %s (%s) and sends nothing', async (url, code, lookup) => {
    const { http, dns, spy } = client();
    const result = await http.request({ method: 'GET', url });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.url).not.toContain('pass@');
    expect(spy.sent).toHaveLength(0);
    if (lookup === 'not resolved') expect(dns.calls).toEqual([]);
    else expect(dns.calls).toHaveLength(1);
  });

  it('resolves IDN names in punycode, as DNS needs them', async () => {
    const { http, dns } = client();
    await http.request({ method: 'GET', url: 'http://bücher.example/' });
    expect(dns.calls).toEqual(['xn--bcher-kva.example']);
  });

  it('names the address and the reason in the message', async () => {
    const { http } = client();
    const result = await http.request({ method: 'GET', url: 'http://mixed.example/' });
    expect(result).toMatchObject({ ok: false, error: { message: 'mixed.example resolves to 10.0.0.1: private (10.0.0.0/8, RFC 1918)' } });
  });

  it('sends a public target (control: the table is not refusing everything)', async () => {
    const dns = fakeResolver({ 'api.public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] });
    const spy = spyTransport();
    const http = createOutboundHttp({ resolver: dns.resolver, transport: spy.transport });
    const result = await http.request({ method: 'GET', url: 'https://api.public.example/v1/items?x=1' });
    expect(result).toMatchObject({ ok: true, status: 204, finalUrl: 'https://api.public.example/v1/items?x=1', redirects: 0 });
    expect(spy.sent).toHaveLength(1);
    expect(spy.sent[0]?.addresses).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
    expect(spy.sent[0]?.url.hostname).toBe('api.public.example');
  });
});
