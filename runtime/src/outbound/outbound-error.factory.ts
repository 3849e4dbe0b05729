import type { OutboundErrorCode, OutboundFailure } from './outbound.types.js';
import { displayUrl } from './target-host.parser.js';

/** Failures are values: the engine stores them in run history, so the URL loses any user-info. */
export function outboundFailure(code: OutboundErrorCode, message: string, url: string | URL): OutboundFailure {
  return { ok: false, error: { code, message, url: displayUrl(url) } };
}
