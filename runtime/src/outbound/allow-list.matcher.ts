import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { IPv4, IPv6 } from 'ipaddr.js';
import { parseStrictIp } from './blocked-address.rules.js';

/*
 * The admin's allow-list: the internal systems (an ERP, a private API gateway) that processes may
 * call although they live on private addresses. Entries are host names (`erp.corp.example`),
 * wildcards for the sub-domains of a name (`*.corp.example`), IPs or CIDRs (`10.20.0.0/16`).
 * Entries are checked when the client is built, so a typo fails at start-up, not at 3 a.m.
 */

export interface AllowList {
  /** `name` is lower-case without trailing dots (TargetHost.name). */
  allowsName(name: string): boolean;
  allowsAddress(ip: string): boolean;
}

export function compileAllowList(entries: readonly string[]): AllowList {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const v4: [IPv4, number][] = [];
  const v6: [IPv6, number][] = [];

  const addRange = (range: [IPv4 | IPv6, number]): void => {
    const [address, bits] = range;
    if (address instanceof ipaddr.IPv4) v4.push([address, bits]);
    else v6.push([address, bits]);
  };

  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry.includes('/')) {
      addRange(parseCidrEntry(entry, raw));
    } else if (entry.startsWith('*.')) {
      suffixes.push(`.${normaliseNameEntry(entry.slice(2), raw)}`);
    } else {
      const ip = parseStrictIp(entry);
      if (ip !== undefined) {
        addRange([ip, ip instanceof ipaddr.IPv4 ? 32 : 128]);
        continue;
      }
      const name = normaliseNameEntry(entry, raw);
      // The URL parser turns "127.1" or "0x7f.0.0.1" into an IP; honour the admin's meaning.
      const asIp = parseStrictIp(name);
      if (asIp !== undefined) addRange([asIp, asIp instanceof ipaddr.IPv4 ? 32 : 128]);
      else names.add(name);
    }
  }

  return {
    allowsName: (name) => names.has(name) || suffixes.some((suffix) => name.endsWith(suffix)),
    allowsAddress: (ip) => {
      const parsed = parseStrictIp(ip);
      if (parsed === undefined) return false;
      // ::ffff:10.0.0.1 is the same host as 10.0.0.1, so it matches IPv4 entries too.
      const address = parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress() ? parsed.toIPv4Address() : parsed;
      if (address instanceof ipaddr.IPv4) return v4.some((range) => address.match(range));
      return v6.some((range) => address.match(range));
    },
  };
}

function parseCidrEntry(entry: string, raw: string): [IPv4 | IPv6, number] {
  const slash = entry.lastIndexOf('/');
  const address = entry.slice(0, slash);
  const bits = entry.slice(slash + 1);
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  if (family === 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > max) {
    throw new Error(`outbound allowHosts: ${JSON.stringify(raw)} is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
  }
  return family === 4 ? ipaddr.IPv4.parseCIDR(entry) : ipaddr.IPv6.parseCIDR(entry);
}

function normaliseNameEntry(entry: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(`http://${entry}/`);
  } catch {
    url = undefined;
  }
  const name = url?.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '') ?? '';
  if (url === undefined || name === '' || url.port !== '' || url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new Error(`outbound allowHosts: ${JSON.stringify(raw)} is not a host name, IP or CIDR`);
  }
  return name;
}
