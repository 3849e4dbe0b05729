import { describe, expect, it } from 'vitest';
import { displayUrl, parseTargetHost } from './target-host.parser.js';

describe('parseTargetHost', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'], // decimal
    ['http://0177.0.0.1/', '127.0.0.1'], // octal
    ['http://00000177.0.0.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'], // octal, one part
    ['http://0x7f.1/', '127.0.0.1'], // hex, short
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.0x0.0x0.0x1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'], // short form
    ['http://127.0.1/', '127.0.0.1'],
    ['http://10.1/', '10.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'], // trailing dot
    ['http://0/', '0.0.0.0'],
    ['http://0xa9fea9fe/', '169.254.169.254'],
    ['http://169.254.43518/', '169.254.169.254'],
    ['http://１２７.０.０.１/', '127.0.0.1'], // full-width digits
    ['http://127。0。0。1/', '127.0.0.1'], // ideographic full stops
    ['http://%31%32%37.0.0.1/', '127.0.0.1'], // percent-encoded
    ['HTTP://127.0.0.1/', '127.0.0.1'],
    ['http:\\\\127.0.0.1\\', '127.0.0.1'], // backslashes
    ['http:/127.0.0.1', '127.0.0.1'],
    ['  http://127.0.0.1/  ', '127.0.0.1'],
    ['http://user:pass@127.0.0.1/', '127.0.0.1'],
    ['http://public.example@127.0.0.1/', '127.0.0.1'],
    ['http://127.0.0.1\\@public.example/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:0:0:1]/', '::1'],
    ['http://[::]/', '::'],
    ['http://[FD00:EC2::254]/', 'fd00:ec2::254'],
  ])('normalises %j to the IP literal %s (WHATWG URL parser)', (url, host) => {
    const target = parseTargetHost(url);
    expect(target).toMatchObject({ ok: true, kind: 'ip', host });
  });

  it.each([
    ['http://LOCALHOST/', 'localhost', 'localhost'],
    ['http://localhost./', 'localhost.', 'localhost'],
    ['http://localhost../', 'localhost..', 'localhost'],
    ['http://ⓛocalhost/', 'localhost', 'localhost'], // IDN mapping
    ['http://Metadata.Google.Internal./', 'metadata.google.internal.', 'metadata.google.internal'],
    ['http://bücher.example/', 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['http://127.0.0.1.nip.io/', '127.0.0.1.nip.io', '127.0.0.1.nip.io'],
    ['http://127.0.0.1:80@public.example/', 'public.example', 'public.example'],
    ['http://public.example#@127.0.0.1/', 'public.example', 'public.example'],
  ])('reads %j as the name %s (policy name %s)', (url, host, name) => {
    expect(parseTargetHost(url)).toMatchObject({ ok: true, kind: 'name', host, name });
  });

  it('gives default ports and explicit ones', () => {
    expect(parseTargetHost('http://a.example/')).toMatchObject({ port: 80 });
    expect(parseTargetHost('https://a.example/')).toMatchObject({ port: 443 });
    expect(parseTargetHost('https://a.example:8443/')).toMatchObject({ port: 8443 });
    expect(parseTargetHost('http://a.example:443/')).toMatchObject({ port: 443 });
  });

  it('flags user-info', () => {
    expect(parseTargetHost('http://u@a.example/')).toMatchObject({ hasCredentials: true });
    expect(parseTargetHost('http://:p@a.example/')).toMatchObject({ hasCredentials: true });
    expect(parseTargetHost('http://a.example/')).toMatchObject({ hasCredentials: false });
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/_', 'ftp://a.example/', 'ws://a.example/', 'data:text/plain,x', 'javascript:alert(1)', 'dict://127.0.0.1:11211/'])(
    'refuses the scheme of %s',
    (url) => {
      expect(parseTargetHost(url)).toMatchObject({ ok: false, code: 'SCHEME_NOT_ALLOWED' });
    },
  );

  it.each(['', '/relative', 'http://', 'http://[fe80::1%25eth0]/', 'http://1.2.3.4.5/', 'http://0x100000000/', 'http://256.0.0.1/', 'http://a b/'])(
    'refuses the malformed URL %j',
    (url) => {
      expect(parseTargetHost(url)).toMatchObject({ ok: false, code: 'BAD_URL' });
    },
  );
});

describe('displayUrl', () => {
  it('drops user-info, parsable or not', () => {
    expect(displayUrl('http://u:secret@a.example/x?y=1')).toBe('http://a.example/x?y=1');
    expect(displayUrl('ht tp://u:secret@a.example/')).not.toContain('secret');
  });
});
