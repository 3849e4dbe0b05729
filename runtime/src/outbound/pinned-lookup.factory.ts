import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './outbound.types.js';

/*
 * The connection keeps the original host name (so Host and TLS SNI and certificate checks are
 * right) but must not resolve it again: a second DNS answer could point somewhere unchecked.
 * node:net asks this function instead of DNS, and it only ever answers with the checked addresses.
 */
export function createPinnedLookup(hostname: string, addresses: readonly ResolvedAddress[]): LookupFunction {
  return (requested: string, options: LookupOptions, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : [...addresses];
    const first = wanted[0];
    if (requested !== hostname || first === undefined) {
      // Never fall back to real DNS: an unexpected name or family is a refusal.
      const error: NodeJS.ErrnoException = new Error(`pinned lookup refuses ${requested} (pinned to ${hostname})`);
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
      return;
    }
    if (options.all === true) {
      const all: LookupAddress[] = wanted.map((a) => ({ address: a.address, family: a.family }));
      callback(null, all);
    } else {
      callback(null, first.address, first.family);
    }
  };
}
