/*
 * The outbound HTTP port: what the engine's HTTP node and outbound webhooks call. The engine sees
 * only these types (it may redeclare the same shape structurally); the runtime supplies the
 * implementation from createOutboundHttp.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Methods a process may use. CONNECT and TRACE are left out on purpose (tunnels, header echo). */
export const OUTBOUND_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type OutboundMethod = (typeof OUTBOUND_METHODS)[number];

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Turns a host name into every address it has. Injected so tests never touch real DNS. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export interface OutboundRequest {
  method: OutboundMethod;
  url: string;
  headers?: Record<string, string>;
  /** A string is sent as it is (text/plain unless Content-Type says otherwise); anything else as JSON. */
  body?: string | JsonValue;
  /** Sent as the Idempotency-Key header, so a retried step is not applied twice by the receiver. */
  idempotencyKey?: string;
}

export type OutboundErrorCode =
  | 'BLOCKED_ADDRESS'
  | 'BAD_URL'
  | 'SCHEME_NOT_ALLOWED'
  | 'DNS_FAILED'
  | 'TIMEOUT'
  | 'TOO_MANY_REDIRECTS'
  | 'RESPONSE_TOO_LARGE'
  | 'NETWORK'
  /** The request itself is unusable: a method outside OUTBOUND_METHODS, a bad or reserved header, a body on GET. */
  | 'BAD_REQUEST';

export interface OutboundError {
  code: OutboundErrorCode;
  message: string;
  /** The URL of the hop that failed (a redirect target when a redirect was refused), without credentials. */
  url: string;
}

export interface OutboundSuccess {
  ok: true;
  /** Any HTTP status, 4xx and 5xx included: ok means the exchange completed, not that it succeeded. */
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Present when the response says it is JSON and parses as JSON. */
  json?: unknown;
  finalUrl: string;
  redirects: number;
}

export interface OutboundFailure {
  ok: false;
  error: OutboundError;
}

export type OutboundResult = OutboundSuccess | OutboundFailure;

export interface OutboundHttp {
  request(req: OutboundRequest): Promise<OutboundResult>;
}

/** One checked hop, ready to send. `addresses` were resolved once and checked; connect only to them. */
export interface TransportRequest {
  url: URL;
  addresses: readonly ResolvedAddress[];
  method: OutboundMethod;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
  maxResponseBytes: number;
  connectTimeoutMs: number;
  /** Aborts when the whole request (all hops) runs out of time. */
  signal: AbortSignal;
}

export type TransportResult =
  | { ok: true; status: number; headers: Record<string, string>; body: Uint8Array }
  | { ok: false; code: 'TIMEOUT' | 'RESPONSE_TOO_LARGE' | 'NETWORK'; message: string };

/** Sends one hop. The default uses node:http/https; tests pass a spy to prove nothing was sent. */
export type OutboundTransport = (req: TransportRequest) => Promise<TransportResult>;

export interface OutboundHttpOptions {
  /** Host names (`erp.corp.example`, `*.corp.example`), IPs or CIDRs (`10.20.0.0/16`) let through the private-address block. */
  allowHosts?: string[];
  /** Ports allowed; any port when absent. */
  allowPorts?: number[];
  resolver?: Resolver;
  /** Whole request, all hops, DNS included. Default 30 s. */
  timeoutMs?: number;
  /** TCP (and TLS) connect per hop. Default 10 s, never more than timeoutMs. */
  connectTimeoutMs?: number;
  /** Default 1 MiB. */
  maxResponseBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  transport?: OutboundTransport;
}
