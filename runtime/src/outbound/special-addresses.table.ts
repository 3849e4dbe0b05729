import ipaddr from 'ipaddr.js';
import type { IPv4, IPv6 } from 'ipaddr.js';

/*
 * Address blocks an outbound request must not reach, from the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (RFC 6890 and its updates) plus the cloud metadata endpoints. Blocks the
 * registry marks globally reachable (AS112, AMT, ...) are left out of the IPv4 list. Where a block
 * sits inside a bigger one, the specific entry comes first so the reason names it.
 */

export interface SpecialRange<T> {
  range: [T, number];
  reason: string;
}

function v4(cidr: string, reason: string): SpecialRange<IPv4> {
  return { range: ipaddr.IPv4.parseCIDR(cidr), reason };
}

function v6(cidr: string, reason: string): SpecialRange<IPv6> {
  return { range: ipaddr.IPv6.parseCIDR(cidr), reason };
}

export const IPV4_SPECIAL_RANGES: readonly SpecialRange<IPv4>[] = [
  v4('0.0.0.0/8', 'unspecified / "this network" (0.0.0.0/8, RFC 791)'),
  v4('10.0.0.0/8', 'private (10.0.0.0/8, RFC 1918)'),
  v4('100.64.0.0/10', 'shared address space / CGNAT (100.64.0.0/10, RFC 6598)'),
  v4('127.0.0.0/8', 'loopback (127.0.0.0/8)'),
  v4('169.254.0.0/16', 'link-local (169.254.0.0/16, RFC 3927)'),
  v4('172.16.0.0/12', 'private (172.16.0.0/12, RFC 1918)'),
  v4('192.0.0.0/24', 'IETF protocol assignments (192.0.0.0/24, RFC 6890)'),
  v4('192.0.2.0/24', 'documentation TEST-NET-1 (192.0.2.0/24)'),
  v4('192.88.99.0/24', '6to4 relay anycast (192.88.99.0/24, deprecated by RFC 7526)'),
  v4('192.168.0.0/16', 'private (192.168.0.0/16, RFC 1918)'),
  v4('198.18.0.0/15', 'benchmarking (198.18.0.0/15, RFC 2544)'),
  v4('198.51.100.0/24', 'documentation TEST-NET-2 (198.51.100.0/24)'),
  v4('203.0.113.0/24', 'documentation TEST-NET-3 (203.0.113.0/24)'),
  v4('224.0.0.0/4', 'multicast (224.0.0.0/4)'),
  v4('255.255.255.255/32', 'limited broadcast (255.255.255.255)'),
  v4('240.0.0.0/4', 'reserved for future use (240.0.0.0/4)'),
];

/*
 * IPv6 is checked the other way round as well: anything outside global unicast 2000::/3 is refused
 * (see blocked-address.rules.ts), so this list only needs names for the common cases and the
 * special blocks that sit inside 2000::/3.
 */
export const IPV6_SPECIAL_RANGES: readonly SpecialRange<IPv6>[] = [
  v6('::/128', 'unspecified (::)'),
  v6('::1/128', 'loopback (::1)'),
  v6('64:ff9b:1::/48', 'NAT64 local-use prefix (64:ff9b:1::/48, RFC 8215)'),
  v6('100::/64', 'discard-only (100::/64, RFC 6666)'),
  v6('2001:db8::/32', 'documentation (2001:db8::/32)'),
  v6('2001::/32', 'Teredo (2001::/32)'),
  v6('2001::/23', 'IETF protocol assignments (2001::/23)'),
  v6('3fff::/20', 'documentation (3fff::/20, RFC 9637)'),
  v6('5f00::/16', 'SRv6 SIDs (5f00::/16, RFC 9602)'),
  v6('fc00::/7', 'unique local (fc00::/7)'),
  v6('fe80::/10', 'link-local (fe80::/10)'),
  v6('fec0::/10', 'site-local (fec0::/10, deprecated)'),
  v6('ff00::/8', 'multicast (ff00::/8)'),
];

export const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/*
 * Instance metadata endpoints hand out cloud credentials. They are refused even when an allow-list
 * entry would cover them (an admin allowing 169.254.0.0/16 or 0.0.0.0/0 did not mean these).
 */
export const METADATA_ADDRESSES: ReadonlyMap<string, string> = new Map([
  ['169.254.169.254', 'cloud metadata endpoint (AWS, GCP, Azure, OpenStack, ...)'],
  ['169.254.170.2', 'cloud metadata endpoint (AWS ECS task credentials)'],
  ['169.254.170.23', 'cloud metadata endpoint (AWS EKS pod identity)'],
  ['169.254.0.23', 'cloud metadata endpoint (Tencent Cloud)'],
  ['100.100.100.200', 'cloud metadata endpoint (Alibaba Cloud)'],
  ['192.0.0.192', 'cloud metadata endpoint (Oracle Cloud)'],
  ['fd00:ec2:0:0:0:0:0:254', 'cloud metadata endpoint (AWS IMDS over IPv6)'],
  ['fd00:ec2:0:0:0:0:0:23', 'cloud metadata endpoint (AWS EKS pod identity over IPv6)'],
]);

/** Names that only ever mean a metadata endpoint; refused before any DNS lookup, whatever the allow-list says. */
export const METADATA_HOST_NAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
]);
