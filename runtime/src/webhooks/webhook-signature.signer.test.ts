import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret, signBody, verifySignature } from './webhook-signature.signer.js';

describe('webhook signatures', () => {
  it('signs the raw body with HMAC-SHA256 of the secret, as a receiver recomputes it', () => {
    const body = '{"id":"d1","event":"create","record":{"title":"Поставка"}}';
    const expected = crypto.createHmac('sha256', 'topsecret').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signBody('topsecret', body)).toBe(`sha256=${expected}`);
  });

  it('fails verification for another body, another secret, or no header', () => {
    const body = '{"a":1}';
    const header = signBody('s1', body);
    expect(verifySignature('s1', body, header)).toBe(true);
    expect(verifySignature('s1', '{"a":2}', header)).toBe(false);
    expect(verifySignature('s2', body, header)).toBe(false);
    expect(verifySignature('s1', body, undefined)).toBe(false);
    expect(verifySignature('s1', body, header.slice(0, -1))).toBe(false);
  });

  it('generates a fresh 256-bit secret each time', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
