import { isIP } from 'node:net';
import type { AllowList } from './allow-list.matcher.js';
import { isBlockedAddress, neverAllowedReason } from './blocked-address.rules.js';
import type { ResolvedAddress, Resolver } from './outbound.types.js';
import { METADATA_HOST_NAMES } from './special-addresses.table.js';
import type { TargetHost } from './target-host.parser.js';

/*
 * Decides whether one hop may go out, and to which addresses. A name is resolved exactly once
 * here; every answer is checked and the checked list is what the transport connects to (pinning),
 * so a DNS server that answers differently a moment later (rebinding) changes nothing.
 */

export interface TargetPolicy {
  allowList: AllowList;
  allowPorts: ReadonlySet<number> | undefined;
  resolver: Resolver;
}

export type GuardResult =
  | { ok: true; addresses: ResolvedAddress[] }
  | { ok: false; code: 'BLOCKED_ADDRESS' | 'DNS_FAILED' | 'TIMEOUT'; message: string };

type ParsedTarget = Extract<TargetHost, { ok: true }>;

export async function guardTarget(target: ParsedTarget, policy: TargetPolicy, signal: AbortSignal): Promise<GuardResult> {
  if (policy.allowPorts !== undefined && !policy.allowPorts.has(target.port)) {
    return blocked(`port ${target.port} is not in the allowed ports`);
  }
  if (target.kind === 'ip') {
    const refusal = addressRefusal(target.host, policy.allowList, false);
    return refusal === undefined ? { ok: true, addresses: [{ address: target.host, family: isIP(target.host) }] } : blocked(refusal);
  }

  if (METADATA_HOST_NAMES.has(target.name)) return blocked(`${target.name} is a cloud metadata host`);
  const nameAllowed = policy.allowList.allowsName(target.name);
  // RFC 6761: localhost names always mean this machine; refuse them without asking DNS.
  if (!nameAllowed && (target.name === 'localhost' || target.name.endsWith('.localhost'))) {
    return blocked(`${target.name} is a loopback name`);
  }

  const answer = await resolveBefore(policy.resolver, target.host, signal);
  if (!answer.ok) return answer;
  if (answer.addresses.length === 0) return { ok: false, code: 'DNS_FAILED', message: `${target.name} has no addresses` };

  const addresses: ResolvedAddress[] = [];
  for (const { address } of answer.addresses) {
    const family = isIP(address);
    if (family === 0) return { ok: false, code: 'DNS_FAILED', message: `${target.name} resolved to something that is not an IP address` };
    // One bad answer refuses the whole host: a mix of public and private answers is a known trick.
    const refusal = addressRefusal(address, policy.allowList, nameAllowed);
    if (refusal !== undefined) return blocked(`${target.name} resolves to ${address}: ${refusal}`);
    addresses.push({ address, family });
  }
  return { ok: true, addresses };
}

/** Why this address is refused, or undefined when it may be used. */
function addressRefusal(ip: string, allowList: AllowList, nameAllowed: boolean): string | undefined {
  const never = neverAllowedReason(ip);
  if (never !== undefined) return never;
  if (nameAllowed || allowList.allowsAddress(ip)) return undefined;
  const verdict = isBlockedAddress(ip);
  return verdict.blocked ? verdict.reason : undefined;
}

function blocked(message: string): GuardResult {
  return { ok: false, code: 'BLOCKED_ADDRESS', message };
}

type ResolveOutcome = { ok: true; addresses: ResolvedAddress[] } | { ok: false; code: 'DNS_FAILED' | 'TIMEOUT'; message: string };

/** The resolver may hang (a dead DNS server); the request deadline still holds. */
function resolveBefore(resolver: Resolver, host: string, signal: AbortSignal): Promise<ResolveOutcome> {
  const timedOut: ResolveOutcome = { ok: false, code: 'TIMEOUT', message: `timed out resolving ${host}` };
  if (signal.aborted) return Promise.resolve(timedOut);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(timedOut);
    signal.addEventListener('abort', onAbort, { once: true });
    // Called through then() so a resolver that throws synchronously still becomes DNS_FAILED.
    Promise.resolve(host).then(resolver).then(
      (addresses) => resolve({ ok: true, addresses }),
      (error: unknown) => resolve({ ok: false, code: 'DNS_FAILED', message: `could not resolve ${host}: ${error instanceof Error ? error.message : String(error)}` }),
    ).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
