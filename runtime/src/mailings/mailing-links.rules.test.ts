import { describe, expect, it } from 'vitest';
import { isHtmlBody, linksIn, parseClickToken, rewriteLinks, withUnsubscribeFooter } from './mailing-links.rules.js';

describe('mailing links', () => {
  it('finds the URLs of text and HTML, without the sentence punctuation after them', () => {
    const text = 'See https://shop.example/spring?utm=mail. Or <a href="https://shop.example/b">here</a>, and https://shop.example/spring?utm=mail again!';
    expect(linksIn(text)).toEqual(['https://shop.example/spring?utm=mail', 'https://shop.example/b']);
    expect(linksIn('no links, not even javascript:alert(1) or ftp://x')).toEqual([]);
  });

  it('rewrites only the known URLs and keeps the punctuation', () => {
    const ids = new Map([['https://a.example/x', 7]]);
    const out = rewriteLinks('Go to https://a.example/x. Not https://b.example.', ids, (id) => `https://crm/t/tok.${id}`);
    expect(out).toBe('Go to https://crm/t/tok.7. Not https://b.example.');
  });

  it('appends the unsubscribe link as text or HTML', () => {
    expect(withUnsubscribeFooter('Hi', false, 'https://crm/u/t', 'en')).toBe('Hi\n\n--\nTo stop receiving our mailings, unsubscribe: https://crm/u/t');
    expect(withUnsubscribeFooter('<p>Привет</p>', true, 'https://crm/u/t', 'ru')).toContain('<a href="https://crm/u/t">');
    expect(isHtmlBody('<p>Привет</p>')).toBe(true);
    expect(isHtmlBody('5 < 6 and a > b')).toBe(false);
  });

  it('reads a click token and refuses anything else', () => {
    expect(parseClickToken('abcdefghijklmnopqrstuvwxyz012345.12')).toEqual({ token: 'abcdefghijklmnopqrstuvwxyz012345', linkId: 12 });
    expect(parseClickToken('short.1')).toBeNull();
    expect(parseClickToken('abcdefghijklmnopqrstuvwxyz012345')).toBeNull();
    expect(parseClickToken('abcdefghijklmnopqrstuvwxyz012345.0')).toBeNull();
  });
});
