import crypto from 'node:crypto';

/*
 * Receivers check that a delivery came from us and was not altered: the X-CRM-Signature header is
 * `sha256=` + the hex HMAC-SHA256 of the raw body bytes with the subscription's secret (the scheme
 * GitHub uses for X-Hub-Signature-256, so receivers' existing verifiers fit).
 */

export const SIGNATURE_PREFIX = 'sha256=';

export function signBody(secret: string, body: string): string {
  return SIGNATURE_PREFIX + crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** What a receiver does; constant-time, so a forger learns nothing from timing. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(secret, body), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** A new secret: 32 random bytes, base64url, with a prefix that marks it when it leaks. */
export function generateSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}
