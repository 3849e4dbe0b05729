import { describe, expect, it } from 'vitest';
import { linkProblem, linkSnippet, looksLikeHtml } from './mailing-link.rules.js';

describe('the mailing link tool', () => {
  it('takes only http(s) addresses', () => {
    expect(linkProblem('')).toBe('required');
    expect(linkProblem('shop.example')).toBe('invalid');
    expect(linkProblem('javascript:alert(1)')).toBe('invalid');
    expect(linkProblem('mailto:a@b.example')).toBe('invalid');
    expect(linkProblem(' https://shop.example/spring?utm=mail ')).toBeNull();
  });

  it('inserts an <a> into an HTML body, escaping the words, and words with the URL into text', () => {
    expect(linkSnippet('https://shop.example/a b"c', 'Цены <новые>', true)).toBe('<a href="https://shop.example/a%20b%22c">Цены &lt;новые&gt;</a>');
    expect(linkSnippet('https://shop.example/', '', true)).toBe('<a href="https://shop.example/">https://shop.example/</a>');
    expect(linkSnippet('https://shop.example/', 'Каталог', false)).toBe('Каталог: https://shop.example/');
    expect(linkSnippet('https://shop.example/', ' ', false)).toBe('https://shop.example/');
  });

  it('tells an HTML body from text the way the runtime does', () => {
    expect(looksLikeHtml('<p>Привет</p>')).toBe(true);
    expect(looksLikeHtml('5 < 6 and a > b')).toBe(false);
  });
});
