import { describe, expect, it } from 'vitest';
import type { Resolver } from '../outbound/index.js';
import { checkWebhookUrl } from './webhook-url.checker.js';

/*
 * The save-time check of a webhook URL: every spelling of a loopback, private, link-local or
 * metadata target is refused before anything is stored; the allow-list lets private hosts through
 * but never metadata. DNS is a table here, so names resolve to what each case needs.
 */

const dns: Record<string, string[]> = {
  'hooks.partner.example': ['93.184.216.34'],
  'intranet.partner.example': ['10.20.0.5'],
  'mixed.partner.example': ['93.184.216.34', '192.168.0.10'],
};
const resolver: Resolver = async (host) => {
  const answers = dns[host];
  if (!answers) throw new Error(`ENOTFOUND ${host}`);
  return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const REFUSED: Array<[string, string]> = [
  ['http://127.0.0.1:8080/hook', 'BLOCKED_ADDRESS'],
  ['http://2130706433/', 'BLOCKED_ADDRESS'],
  ['http://0177.0.0.1/', 'BLOCKED_ADDRESS'],
  ['http://localhost/hook', 'BLOCKED_ADDRESS'],
  ['http://[::1]/', 'BLOCKED_ADDRESS'],
  ['http://10.0.0.1/', 'BLOCKED_ADDRESS'],
  ['http://167772161/', 'BLOCKED_ADDRESS'],
  ['http://012.0.0.1/', 'BLOCKED_ADDRESS'],
  ['http://0x0a.0.0.1/', 'BLOCKED_ADDRESS'],
  ['http://0xa000001/', 'BLOCKED_ADDRESS'],
  ['http://10.1/', 'BLOCKED_ADDRESS'],
  ['http://192.168.1.1/', 'BLOCKED_ADDRESS'],
  ['http://169.254.169.254/latest/meta-data/', 'BLOCKED_ADDRESS'],
  ['http://[::ffff:169.254.169.254]/', 'BLOCKED_ADDRESS'],
  ['http://[::ffff:10.0.0.1]/', 'BLOCKED_ADDRESS'],
  ['http://[::ffff:7f00:1]/', 'BLOCKED_ADDRESS'],
  ['http://[fe80::1]/', 'BLOCKED_ADDRESS'],
  ['http://metadata.google.internal/computeMetadata/v1/', 'BLOCKED_ADDRESS'],
  ['http://intranet.partner.example/hook', 'BLOCKED_ADDRESS'],
  ['http://mixed.partner.example/hook', 'BLOCKED_ADDRESS'],
  ['http://public.example@127.0.0.1/', 'BLOCKED_ADDRESS'],
  ['http://user@10.0.0.1/', 'BLOCKED_ADDRESS'],
  ['http://public.example:443@169.254.169.254/', 'BLOCKED_ADDRESS'],
  ['http://user@hooks.partner.example/', 'URL_CREDENTIALS'],
  ['http://user:pass@hooks.partner.example/', 'URL_CREDENTIALS'],
  ['ftp://hooks.partner.example/', 'SCHEME_NOT_ALLOWED'],
  ['file:///etc/passwd', 'SCHEME_NOT_ALLOWED'],
  ['javascript:alert(1)', 'SCHEME_NOT_ALLOWED'],
  ['not a url', 'INVALID_URL'],
  ['', 'INVALID_URL'],
];

describe('webhook URL check', () => {
  it.each(REFUSED)('refuses %s (%s)', async (url, code) => {
    const verdict = await checkWebhookUrl(url, { allowHosts: [], resolver });
    expect(verdict).toMatchObject({ ok: false, code });
  });

  it('accepts a public host and stores the URL in its canonical form', async () => {
    expect(await checkWebhookUrl('HTTPS://Hooks.Partner.Example/crm?x=1', { allowHosts: [], resolver })).toEqual({ ok: true, url: 'https://hooks.partner.example/crm?x=1' });
  });

  it('lets an allow-listed private host or address through, but never a metadata address', async () => {
    expect(await checkWebhookUrl('http://intranet.partner.example/hook', { allowHosts: ['intranet.partner.example'], resolver })).toMatchObject({ ok: true });
    expect(await checkWebhookUrl('http://127.0.0.1:9000/hook', { allowHosts: ['127.0.0.1'], resolver })).toMatchObject({ ok: true });
    expect(await checkWebhookUrl('http://169.254.169.254/', { allowHosts: ['169.254.169.254', '169.254.0.0/16'], resolver })).toMatchObject({ ok: false, code: 'BLOCKED_ADDRESS' });
  });

  it('accepts a name that does not resolve yet (each delivery resolves and checks again)', async () => {
    expect(await checkWebhookUrl('https://not-yet.partner.example/hook', { allowHosts: [], resolver })).toMatchObject({ ok: true });
  });
});
