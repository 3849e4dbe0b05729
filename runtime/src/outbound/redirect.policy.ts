import type { Hop } from './outbound-hop.types.js';

/*
 * What a redirect response leads to, as a pure function. Browsers' rules (WHATWG Fetch "HTTP-redirect
 * fetch"): 303 turns anything but GET/HEAD into GET, 301/302 turn POST into GET, 307/308 keep method
 * and body. Credentials never follow a redirect to another origin (scheme, host or port).
 */

export type RedirectDecision =
  | { kind: 'final' }
  | { kind: 'follow'; hop: Hop }
  | { kind: 'bad-location'; location: string; message: string };

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Headers that describe a body; they go when the body goes. */
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location'];

const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'cookie2', 'apikey']);
// Custom credential headers have no standard name; catch the usual spellings (X-Api-Key, X-Auth-Token, X-Hub-Signature, ...).
const CREDENTIAL_PATTERN = /auth|token|secret|passw|api-?key|session|signature|cookie|credential/;

export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || CREDENTIAL_PATTERN.test(lower);
}

export function decideRedirect(hop: Hop, status: number, location: string | undefined): RedirectDecision {
  if (!REDIRECT_STATUSES.has(status) || location === undefined || location.trim() === '') return { kind: 'final' };

  let next: URL;
  try {
    next = new URL(location.trim(), hop.url);
  } catch {
    return { kind: 'bad-location', location, message: `the redirect Location ${JSON.stringify(location.slice(0, 200))} is not a valid URL` };
  }
  next.hash = '';

  let { method, body } = hop;
  const headers = { ...hop.headers };
  const becomesGet = (status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST');
  if (becomesGet) {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) delete headers[name];
  }
  if (originOf(hop.url) !== next.origin) {
    for (const name of Object.keys(headers)) if (isCredentialHeader(name)) delete headers[name];
  }
  return { kind: 'follow', hop: { url: next.href, method, headers, body } };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}
