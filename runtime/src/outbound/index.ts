export { createOutboundHttp } from './outbound-http.client.js';
export { isBlockedAddress, neverAllowedReason } from './blocked-address.rules.js';
export type { AddressVerdict } from './blocked-address.rules.js';
export { parseTargetHost } from './target-host.parser.js';
export type { TargetHost } from './target-host.parser.js';
export { OUTBOUND_METHODS } from './outbound.types.js';
export type {
  JsonValue,
  OutboundError,
  OutboundErrorCode,
  OutboundFailure,
  OutboundHttp,
  OutboundHttpOptions,
  OutboundMethod,
  OutboundRequest,
  OutboundResult,
  OutboundSuccess,
  OutboundTransport,
  ResolvedAddress,
  Resolver,
  TransportRequest,
  TransportResult,
} from './outbound.types.js';
