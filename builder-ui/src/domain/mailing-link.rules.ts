/*
 * The mailing editor's link tool: the text it puts at the cursor for a URL and its words. A body
 * with HTML tags gets an <a> element, plain text the words followed by the URL; either way the
 * runtime finds the URL at send and turns it into a tracked link (runtime/src/mailings/mailing-links.rules.ts,
 * whose isHtmlBody this mirrors to choose the same form the message is sent in).
 */
export type LinkProblem = 'required' | 'invalid';

export function linkProblem(url: string): LinkProblem | null {
  const text = url.trim();
  if (text === '') return 'required';
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? null : 'invalid';
  } catch {
    return 'invalid';
  }
}

export function looksLikeHtml(body: string): boolean {
  return /<(p|div|br|a|table|h[1-6]|ul|ol|strong|em|b|i|span)\b[^>]*>/i.test(body);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What the tool inserts; the URL keeps no spaces or quotes, which would end it early in the message. */
export function linkSnippet(url: string, words: string, html: boolean): string {
  const href = url.trim().replace(/\s/g, '%20').replace(/"/g, '%22');
  const label = words.trim();
  if (html) return `<a href="${href}">${escapeHtml(label === '' ? href : label)}</a>`;
  return label === '' ? href : `${label}: ${href}`;
}
