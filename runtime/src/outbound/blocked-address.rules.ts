import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { IPv4, IPv6 } from 'ipaddr.js';
import { embeddedIPv4 } from './embedded-ipv4.extractor.js';
import { IPV4_SPECIAL_RANGES, IPV6_GLOBAL_UNICAST, IPV6_SPECIAL_RANGES, METADATA_ADDRESSES } from './special-addresses.table.js';

/*
 * Pure decisions about one IP address. Everything that is not plainly a public unicast address is
 * blocked, and anything we cannot parse is blocked too (fail closed).
 */

export interface AddressVerdict {
  blocked: boolean;
  reason: string;
}

const UNSPECIFIED_V4 = ipaddr.IPv4.parseCIDR('0.0.0.0/8');

/**
 * Parses only canonical IP text. ipaddr.js alone also accepts legacy forms such as "0177.1" or a
 * bare "2130706433"; node:net's isIP does not, so such text is "not an IP" and gets blocked.
 * Undefined means "not an IP", which every caller treats as blocked.
 */
export function parseStrictIp(text: string): IPv4 | IPv6 | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  try {
    const family = isIP(bare);
    if (family === 4) return ipaddr.IPv4.parse(bare);
    if (family === 6) return ipaddr.IPv6.parse(canonicalIPv6(bare));
  } catch {
    return undefined;
  }
  return undefined;
}

/*
 * ipaddr.js 1.x cannot parse a compressed address with a dotted tail ("::8.8.8.8",
 * "64:ff9b::10.0.0.1"), so the text goes through the WHATWG URL parser first, which writes every
 * IPv6 address in one compressed hex form. The URL parser has no zone ids, so the zone is put back.
 */
function canonicalIPv6(text: string): string {
  const percent = text.indexOf('%');
  const address = percent === -1 ? text : text.slice(0, percent);
  const zone = percent === -1 ? '' : text.slice(percent);
  return `${new URL(`http://[${address}]/`).hostname.slice(1, -1)}${zone}`;
}

/** Is this address private, special or otherwise not a public unicast target? */
export function isBlockedAddress(ip: string): AddressVerdict {
  const parsed = parseStrictIp(ip);
  if (parsed === undefined) return { blocked: true, reason: `not an IP address: ${JSON.stringify(ip)}` };
  return parsed instanceof ipaddr.IPv4 ? checkIPv4(parsed) : checkIPv6(parsed);
}

/**
 * Addresses no allow-list entry can open: cloud metadata endpoints and the unspecified address
 * (connecting to 0.0.0.0 or :: reaches the local host). Undefined when the address is not one.
 */
export function neverAllowedReason(ip: string): string | undefined {
  const parsed = parseStrictIp(ip);
  if (parsed === undefined) return `not an IP address: ${JSON.stringify(ip)}`;
  const ipv4 = parsed instanceof ipaddr.IPv4 ? parsed : embeddedIPv4(parsed)?.ipv4;
  const metadata = METADATA_ADDRESSES.get(parsed.toNormalizedString()) ?? (ipv4 && METADATA_ADDRESSES.get(ipv4.toString()));
  if (metadata !== undefined) return metadata;
  if (ipv4?.match(UNSPECIFIED_V4)) return `unspecified / "this network" (${ipv4.toString()})`;
  if (parsed instanceof ipaddr.IPv6 && parsed.toNormalizedString() === '0:0:0:0:0:0:0:0') return 'unspecified (::)';
  return undefined;
}

function checkIPv4(address: IPv4): AddressVerdict {
  for (const special of IPV4_SPECIAL_RANGES) {
    if (address.match(special.range)) return { blocked: true, reason: special.reason };
  }
  return { blocked: false, reason: 'public IPv4 unicast' };
}

function checkIPv6(address: IPv6): AddressVerdict {
  for (const special of IPV6_SPECIAL_RANGES) {
    if (address.match(special.range)) return { blocked: true, reason: special.reason };
  }
  const embedded = embeddedIPv4(address);
  if (embedded !== undefined) {
    const inner = checkIPv4(embedded.ipv4);
    const label = `${embedded.kind} address embedding ${embedded.ipv4.toString()}`;
    // A mapped address is the IPv4 host itself; NAT64 is how IPv6-only networks reach public IPv4.
    const transparent = embedded.kind === 'IPv4-mapped' || embedded.kind === 'NAT64';
    if (inner.blocked) return { blocked: true, reason: `${label}: ${inner.reason}` };
    if (transparent) return { blocked: false, reason: `${label}: ${inner.reason}` };
    // 6to4, IPv4-compatible and SIIT-translated forms are deprecated or never globally routed.
    return { blocked: true, reason: `${label}: ${embedded.kind} is not a routable public form` };
  }
  if (address.zoneId !== undefined) return { blocked: true, reason: `scoped address (zone ${address.zoneId})` };
  if (!address.match(IPV6_GLOBAL_UNICAST)) return { blocked: true, reason: 'outside global unicast 2000::/3 (reserved)' };
  return { blocked: false, reason: 'public IPv6 unicast' };
}
