import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { isBlockedAddress, neverAllowedReason } from './blocked-address.rules.js';

/*
 * Ranges from the IANA IPv4 / IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
 * Each block is probed at its first and last address and just outside both ends.
 */

const BLOCKED_V4: [string, RegExp][] = [
  ['0.0.0.0', /unspecified/],
  ['0.255.255.255', /this network/],
  ['10.0.0.0', /private/],
  ['10.255.255.255', /private/],
  ['100.64.0.0', /CGNAT/],
  ['100.127.255.255', /CGNAT/],
  ['127.0.0.1', /loopback/],
  ['127.255.255.254', /loopback/],
  ['169.254.0.1', /link-local/],
  ['169.254.169.254', /link-local/],
  ['169.254.255.255', /link-local/],
  ['172.16.0.0', /private/],
  ['172.31.255.255', /private/],
  ['192.0.0.0', /IETF protocol/],
  ['192.0.0.255', /IETF protocol/],
  ['192.0.2.1', /TEST-NET-1/],
  ['192.88.99.1', /6to4 relay/],
  ['192.168.0.0', /private/],
  ['192.168.255.255', /private/],
  ['198.18.0.0', /benchmarking/],
  ['198.19.255.255', /benchmarking/],
  ['198.51.100.7', /TEST-NET-2/],
  ['203.0.113.200', /TEST-NET-3/],
  ['224.0.0.1', /multicast/],
  ['239.255.255.255', /multicast/],
  ['240.0.0.1', /reserved/],
  ['255.255.255.254', /reserved/],
  ['255.255.255.255', /broadcast/],
];

const PUBLIC_V4 = [
  '1.1.1.1',
  '8.8.8.8',
  '9.255.255.255',
  '11.0.0.0',
  '93.184.216.34',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.0.1.0',
  '192.31.196.1', // AS112-v4: globally reachable in the registry
  '192.52.193.1', // AMT: globally reachable
  '192.167.255.255',
  '192.169.0.0',
  '192.175.48.1', // AS112 direct delegation: globally reachable
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
];

const BLOCKED_V6: [string, RegExp][] = [
  ['::', /unspecified/],
  ['::1', /loopback/],
  ['0:0:0:0:0:0:0:1', /loopback/],
  ['::ffff:127.0.0.1', /IPv4-mapped .*127\.0\.0\.1: loopback/],
  ['::ffff:7f00:1', /IPv4-mapped .*loopback/],
  ['::ffff:10.1.2.3', /IPv4-mapped .*private/],
  ['::ffff:169.254.169.254', /IPv4-mapped .*link-local/],
  ['::ffff:0:7f00:1', /IPv4-translated .*loopback/],
  ['::ffff:0:808:808', /IPv4-translated .*not a routable/],
  ['::7f00:1', /IPv4-compatible .*loopback/],
  ['::8.8.8.8', /IPv4-compatible .*not a routable/],
  ['64:ff9b::7f00:1', /NAT64 .*loopback/],
  ['64:ff9b::192.168.0.1', /NAT64 .*private/],
  ['64:ff9b::a9fe:a9fe', /NAT64 .*link-local/],
  ['64:ff9b:1::1', /NAT64 local-use/],
  ['100::1', /discard-only/],
  ['2001::1', /Teredo/],
  ['2001:2::1', /IETF protocol assignments/],
  ['2001:1ff:ffff::1', /IETF protocol assignments/],
  ['2001:db8::1', /documentation/],
  ['2002:7f00:1::1', /6to4 .*127\.0\.0\.1: loopback/],
  ['2002:c0a8:101::1', /6to4 .*192\.168\.1\.1: private/],
  ['2002:808:808::1', /6to4 .*not a routable/],
  ['3fff::1', /documentation/],
  ['5f00::1', /SRv6/],
  ['fc00::1', /unique local/],
  ['fd00:ec2::254', /unique local/],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', /unique local/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /link-local/],
  ['febf:ffff::1', /link-local/],
  ['fec0::1', /site-local/],
  ['ff02::1', /multicast/],
  ['ff05::1:3', /multicast/],
  ['4000::1', /outside global unicast/],
  ['e000::1', /outside global unicast/],
  ['1fff:ffff::1', /outside global unicast/],
];

const PUBLIC_V6 = [
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:80b::200e',
  '2001:200::1', // just past 2001::/23
  '3ffe::1',
  '::ffff:8.8.8.8', // the public IPv4 host itself
  '64:ff9b::808:808', // NAT64 to a public IPv4
];

describe('isBlockedAddress', () => {
  it.each(BLOCKED_V4)('blocks IPv4 %s', (ip, reason) => {
    const verdict = isBlockedAddress(ip);
    expect(verdict.blocked).toBe(true);
    expect(verdict.reason).toMatch(reason);
  });

  it.each(PUBLIC_V4)('lets public IPv4 %s through', (ip) => {
    expect(isBlockedAddress(ip)).toEqual({ blocked: false, reason: 'public IPv4 unicast' });
  });

  it.each(BLOCKED_V6)('blocks IPv6 %s', (ip, reason) => {
    const verdict = isBlockedAddress(ip);
    expect(verdict.blocked).toBe(true);
    expect(verdict.reason).toMatch(reason);
  });

  it.each(PUBLIC_V6)('lets public IPv6 %s through', (ip) => {
    expect(isBlockedAddress(ip).blocked).toBe(false);
  });

  it.each(['localhost', '', '0177.0.0.1', '2130706433', '127.1', '0x7f.0.0.1', '1.2.3.4.5', '::g', 'example.com'])(
    'fails closed on text that is not canonical IP: %j',
    (text) => {
      const verdict = isBlockedAddress(text);
      expect(verdict.blocked).toBe(true);
      expect(verdict.reason).toMatch(/not an IP address/);
    },
  );

  it.each([
    ['::1.2.3.4', /IPv4-compatible/],
    ['64:ff9b::10.0.0.1', /NAT64 .*10\.0\.0\.1: private/],
    ['::ffff:0:10.0.0.1', /IPv4-translated/],
  ])('reads the dotted-tail IPv6 form %s (which ipaddr.js 1.x cannot parse alone)', (ip, reason) => {
    expect(isBlockedAddress(ip)).toMatchObject({ blocked: true, reason: expect.stringMatching(reason) });
  });

  it('accepts a bracketed IPv6 literal', () => {
    expect(isBlockedAddress('[::1]')).toEqual({ blocked: true, reason: 'loopback (::1)' });
  });

  it('blocks every IPv4 address that ipaddr.js itself does not call unicast', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        if (ipaddr.IPv4.parse(ip).range() !== 'unicast') expect(isBlockedAddress(ip).blocked).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('judges an IPv4-mapped or NAT64 IPv6 address exactly as the IPv4 address inside it', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const expected = isBlockedAddress(ip).blocked;
        expect(isBlockedAddress(`::ffff:${ip}`).blocked).toBe(expected);
        expect(isBlockedAddress(`64:ff9b::${ip}`).blocked).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('blocks every IPv6 address outside global unicast 2000::/3', () => {
    const globalUnicast = ipaddr.IPv6.parseCIDR('2000::/3');
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        // ipaddr.js 1.x cannot parse "::1.2.3.4"; the URL parser rewrites it in hex first.
        const parsed = ipaddr.IPv6.parse(new URL(`http://[${ip}]/`).hostname.slice(1, -1));
        const transparent = parsed.isIPv4MappedAddress() || parsed.match(ipaddr.IPv6.parseCIDR('64:ff9b::/96'));
        if (!parsed.match(globalUnicast) && !transparent) expect(isBlockedAddress(ip).blocked).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('neverAllowedReason', () => {
  it.each([
    ['169.254.169.254', /metadata .*AWS/],
    ['::ffff:169.254.169.254', /metadata/],
    ['64:ff9b::a9fe:a9fe', /metadata/],
    ['fd00:ec2::254', /metadata .*IPv6/],
    ['fd00:ec2:0::254', /metadata/],
    ['169.254.170.2', /ECS/],
    ['100.100.100.200', /Alibaba/],
    ['192.0.0.192', /Oracle/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /this network/],
    ['::', /unspecified/],
    ['::ffff:0.0.0.0', /unspecified/],
    ['nonsense', /not an IP/],
  ])('refuses %s whatever the allow-list says', (ip, reason) => {
    expect(neverAllowedReason(ip)).toMatch(reason);
  });

  it.each(['127.0.0.1', '10.0.0.1', '169.254.1.1', 'fd00::1', '8.8.8.8'])('leaves %s to the allow-list', (ip) => {
    expect(neverAllowedReason(ip)).toBeUndefined();
  });
});
