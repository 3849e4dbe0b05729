/**
 * Express's `trust proxy` from CRM_TRUST_PROXY, for runtimes behind a load balancer: without it
 * every client has the balancer's address, and per-address sign-in throttling would lock everyone
 * out together. Name the proxies (`loopback`, `10.0.0.0/8`, a comma-separated list) or a hop
 * count; unset means the socket address is the client's (X-Forwarded-For is ignored, as anyone
 * can send it).
 */
export function trustProxySetting(value: string | undefined): boolean | number | string[] | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
