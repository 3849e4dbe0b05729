import { isIP } from 'node:net';

/*
 * Reads the target out of a URL with the WHATWG URL parser, the same parser browsers use. It does
 * the normalising for us: decimal (2130706433), octal (0177.0.0.1), hex (0x7f.1) and short (127.1)
 * IPv4 forms become dotted quads, IPv6 is compressed, case is folded, IDN becomes punycode and
 * user-info is split off. After it, a host is either an IP literal or a DNS name, never both.
 */

export type TargetHost =
  | {
      ok: true;
      url: URL;
      kind: 'ip';
      /** The bare IP (no brackets), already canonical. */
      host: string;
      port: number;
      hasCredentials: boolean;
    }
  | {
      ok: true;
      url: URL;
      kind: 'name';
      /** The name as the URL spells it (punycode, lower case, a trailing dot kept): what is resolved. */
      host: string;
      /** The name for policy checks: trailing dots removed. */
      name: string;
      port: number;
      hasCredentials: boolean;
    }
  | { ok: false; code: 'BAD_URL' | 'SCHEME_NOT_ALLOWED'; message: string };

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

export function parseTargetHost(input: string | URL): TargetHost {
  let url: URL;
  try {
    url = new URL(typeof input === 'string' ? input.trim() : input.href);
  } catch {
    return { ok: false, code: 'BAD_URL', message: 'not a valid absolute URL' };
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined) {
    return { ok: false, code: 'SCHEME_NOT_ALLOWED', message: `scheme ${url.protocol} is not allowed; use http: or https:` };
  }
  const bare = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (bare === '') return { ok: false, code: 'BAD_URL', message: 'the URL has no host' };
  const port = url.port === '' ? defaultPort : Number(url.port);
  const hasCredentials = url.username !== '' || url.password !== '';
  if (isIP(bare) !== 0) return { ok: true, url, kind: 'ip', host: bare, port, hasCredentials };
  const name = bare.replace(/\.+$/, '');
  if (name === '') return { ok: false, code: 'BAD_URL', message: 'the URL host is empty' };
  return { ok: true, url, kind: 'name', host: bare, name, port, hasCredentials };
}

/** The URL as it may appear in errors and run history: no user-info. */
export function displayUrl(input: string | URL): string {
  try {
    const url = new URL(typeof input === 'string' ? input.trim() : input.href);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    const text = typeof input === 'string' ? input : input.href;
    // An unparsable URL may still carry user-info; cut it rather than echo a password.
    return text.replace(/\/\/[^/?#]*@/, '//').slice(0, 2048);
  }
}
