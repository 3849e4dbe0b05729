import type { OutboundMethod } from './outbound.types.js';

/** One request on the way out: the first one, or the one a redirect leads to. Header names are lower case. */
export interface Hop {
  url: string;
  method: OutboundMethod;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
}
