import { describe, expect, it } from 'vitest';
import type { Hop } from './outbound-hop.types.js';
import type { OutboundMethod } from './outbound.types.js';
import { decideRedirect, isCredentialHeader } from './redirect.policy.js';

function hop(method: OutboundMethod, url = 'https://a.example/start'): Hop {
  return {
    url,
    method,
    headers: {
      authorization: 'Bearer secret',
      cookie: 'sid=1',
      'x-api-key': 'k',
      'x-trace': 't',
      'idempotency-key': 'run-1-step-2',
      'content-type': 'application/json',
    },
    body: method === 'GET' || method === 'HEAD' ? undefined : new TextEncoder().encode('{"a":1}'),
  };
}

function follow(from: Hop, status: number, location: string): Hop {
  const decision = decideRedirect(from, status, location);
  if (decision.kind !== 'follow') throw new Error(`expected a redirect to follow, got ${decision.kind}`);
  return decision.hop;
}

describe('decideRedirect', () => {
  const methodChanges: [number, OutboundMethod, OutboundMethod][] = [
    [303, 'POST', 'GET'],
    [303, 'PUT', 'GET'],
    [303, 'DELETE', 'GET'],
    [303, 'HEAD', 'HEAD'],
    [302, 'POST', 'GET'],
    [301, 'POST', 'GET'],
    [302, 'PUT', 'PUT'],
    [301, 'PATCH', 'PATCH'],
    [307, 'POST', 'POST'],
    [308, 'PUT', 'PUT'],
  ];
  it.each(methodChanges)('%i after %s continues as %s, like browsers', (status, method, expected) => {
    const next = follow(hop(method), status, '/next');
    expect(next.method).toBe(expected);
    if (expected === 'GET' && method !== 'GET') {
      expect(next.body).toBeUndefined();
      expect(next.headers['content-type']).toBeUndefined();
    }
    if (expected === method && method !== 'HEAD') expect(next.body).toEqual(hop(method).body);
  });

  it('keeps credentials on a same-origin redirect', () => {
    const next = follow(hop('GET'), 302, '/elsewhere?x=1#frag');
    expect(next.url).toBe('https://a.example/elsewhere?x=1');
    expect(next.headers).toMatchObject({ authorization: 'Bearer secret', cookie: 'sid=1', 'x-api-key': 'k' });
  });

  it.each([
    ['another host', 'https://b.example/x'],
    ['another port', 'https://a.example:8443/x'],
    ['another scheme', 'http://a.example/x'],
    ['a sub-domain', 'https://api.a.example/x'],
  ])('drops credentials on a redirect to %s, keeping the rest', (_label, location) => {
    const next = follow(hop('GET'), 307, location);
    expect(next.headers['authorization']).toBeUndefined();
    expect(next.headers['cookie']).toBeUndefined();
    expect(next.headers['x-api-key']).toBeUndefined();
    expect(next.headers).toMatchObject({ 'x-trace': 't', 'idempotency-key': 'run-1-step-2' });
  });

  it('resolves a relative Location against the current URL', () => {
    expect(follow(hop('GET', 'https://a.example/a/b'), 301, '../c').url).toBe('https://a.example/c');
    expect(follow(hop('GET'), 301, '//b.example/p').url).toBe('https://b.example/p');
  });

  it('is final for other statuses or without a Location', () => {
    expect(decideRedirect(hop('GET'), 200, '/x')).toEqual({ kind: 'final' });
    expect(decideRedirect(hop('GET'), 304, '/x')).toEqual({ kind: 'final' });
    expect(decideRedirect(hop('GET'), 302, undefined)).toEqual({ kind: 'final' });
    expect(decideRedirect(hop('GET'), 302, '  ')).toEqual({ kind: 'final' });
  });

  it('reports an unusable Location', () => {
    expect(decideRedirect(hop('GET'), 302, 'http://[::1/')).toMatchObject({ kind: 'bad-location' });
  });
});

describe('isCredentialHeader', () => {
  it.each(['Authorization', 'Proxy-Authorization', 'Cookie', 'X-Api-Key', 'X-API-KEY', 'Api-Key', 'apikey', 'X-Auth-Token', 'X-Access-Token', 'X-Hub-Signature-256', 'X-Session-Id', 'X-Client-Secret', 'X-Amz-Security-Token'])(
    'treats %s as a credential',
    (name) => expect(isCredentialHeader(name)).toBe(true),
  );

  it.each(['Idempotency-Key', 'Content-Type', 'Accept', 'X-Request-Id', 'User-Agent'])('keeps %s', (name) => {
    expect(isCredentialHeader(name)).toBe(false);
  });
});
