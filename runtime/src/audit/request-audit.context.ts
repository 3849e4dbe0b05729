import type { Request } from 'express';
import ipaddr from 'ipaddr.js';
import type { AuditEntryInput } from './audit.log.js';

/**
 * The client's address as the audit log and login throttling see it: Express's req.ip (the socket
 * address, or the forwarded one when the app trusts a proxy), with IPv4-mapped IPv6 shown as IPv4.
 */
export function clientAddress(req: Request): string | null {
  const raw = req.ip ?? req.socket.remoteAddress;
  if (!raw) return null;
  return ipaddr.isValid(raw) ? ipaddr.process(raw).toString() : raw;
}

/** Who and where an entry is about: filled from the request by the route, passed down to services. */
export type RequestAuditFields = Pick<AuditEntryInput, 'actorId' | 'actorEmail' | 'ip' | 'requestId'>;

/** Who and where, for an entry about this request. */
export function requestAuditFields(req: Request): RequestAuditFields {
  return {
    actorId: req.actor?.id ?? null,
    actorEmail: req.actor?.email ?? null,
    ip: clientAddress(req),
    requestId: req.requestId ?? null,
  };
}
