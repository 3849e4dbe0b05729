import { describe, expect, it } from 'vitest';
import { compileAllowList } from './allow-list.matcher.js';

describe('compileAllowList', () => {
  it('matches exact names, case and trailing dots folded', () => {
    const allow = compileAllowList(['ERP.Corp.Example.']);
    expect(allow.allowsName('erp.corp.example')).toBe(true);
    expect(allow.allowsName('corp.example')).toBe(false);
    expect(allow.allowsName('x.erp.corp.example')).toBe(false);
  });

  it('matches sub-domains for *.name, but not the name itself', () => {
    const allow = compileAllowList(['*.corp.example']);
    expect(allow.allowsName('erp.corp.example')).toBe(true);
    expect(allow.allowsName('a.b.corp.example')).toBe(true);
    expect(allow.allowsName('corp.example')).toBe(false);
    expect(allow.allowsName('evilcorp.example')).toBe(false);
  });

  it('normalises IDN entries to punycode like the URL parser does', () => {
    expect(compileAllowList(['bücher.example']).allowsName('xn--bcher-kva.example')).toBe(true);
  });

  it('matches IPv4 and IPv6 CIDRs and single addresses', () => {
    const allow = compileAllowList(['10.20.0.0/16', '127.0.0.1', 'fd12:3456::/32', '::1']);
    expect(allow.allowsAddress('10.20.255.1')).toBe(true);
    expect(allow.allowsAddress('10.21.0.1')).toBe(false);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('fd12:3456:1::1')).toBe(true);
    expect(allow.allowsAddress('fd12:3457::1')).toBe(false);
    expect(allow.allowsAddress('::1')).toBe(true);
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(compileAllowList(['10.0.0.0/8']).allowsAddress('::ffff:10.1.2.3')).toBe(true);
  });

  it('reads a legacy IPv4 spelling as the address the URL parser would', () => {
    expect(compileAllowList(['127.1']).allowsAddress('127.0.0.1')).toBe(true);
  });

  it('does not let names match addresses or the other way round', () => {
    const allow = compileAllowList(['erp.corp.example', '10.0.0.0/8']);
    expect(allow.allowsAddress('erp.corp.example')).toBe(false);
    expect(allow.allowsName('10.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', '10/8', 'fd00::/129', 'x/8', 'http://erp.example/', 'erp.example:8080', 'u@erp.example', '', '*.'])(
    'refuses the invalid entry %j at start-up',
    (entry) => {
      expect(() => compileAllowList([entry])).toThrow(/allowHosts/);
    },
  );
});
