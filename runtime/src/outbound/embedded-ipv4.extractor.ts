import ipaddr from 'ipaddr.js';
import type { IPv4, IPv6 } from 'ipaddr.js';

/*
 * Several IPv6 forms carry an IPv4 address inside them, and a dual-stack host or a translator on
 * the path may deliver the packet to that IPv4 address. ::ffff:7f00:1 is 127.0.0.1 to a dual-stack
 * socket; 64:ff9b::a00:1 reaches 10.0.0.1 through NAT64. The checks look through every such form.
 */

export type EmbeddingKind = 'IPv4-mapped' | 'IPv4-translated' | 'NAT64' | '6to4' | 'IPv4-compatible';

export interface EmbeddedIPv4 {
  kind: EmbeddingKind;
  ipv4: IPv4;
}

const EMBEDDINGS: readonly { kind: EmbeddingKind; range: [IPv6, number]; high: number; low: number }[] = [
  // `high` and `low` are the indexes of the two 16-bit groups that hold the IPv4 address.
  { kind: 'IPv4-mapped', range: ipaddr.IPv6.parseCIDR('::ffff:0:0/96'), high: 6, low: 7 },
  { kind: 'IPv4-translated', range: ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96'), high: 6, low: 7 },
  { kind: 'NAT64', range: ipaddr.IPv6.parseCIDR('64:ff9b::/96'), high: 6, low: 7 },
  { kind: '6to4', range: ipaddr.IPv6.parseCIDR('2002::/16'), high: 1, low: 2 },
  { kind: 'IPv4-compatible', range: ipaddr.IPv6.parseCIDR('::/96'), high: 6, low: 7 },
];

export function embeddedIPv4(address: IPv6): EmbeddedIPv4 | undefined {
  for (const embedding of EMBEDDINGS) {
    if (!address.match(embedding.range)) continue;
    const high = address.parts[embedding.high] ?? 0;
    const low = address.parts[embedding.low] ?? 0;
    return { kind: embedding.kind, ipv4: new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]) };
  }
  return undefined;
}
