/*
 * The links of a rendered message: every http(s) URL in it is found, and replaced by the
 * recipient's tracked redirect (/t/<token>.<link id>), which answers with a redirect only to a URL
 * stored for the mailing, so the redirect can never be pointed elsewhere. Then the unsubscribe link
 * is added at the end. A body with HTML tags gets an HTML footer, plain text a plain line.
 */

// Stops at whitespace, quotes and angle brackets (an href's end, a tag), so the same rule finds
// links in plain text and in HTML attributes.
const URL_PATTERN = /https?:\/\/[^\s"'<>]+/g;
// Sentence punctuation right after a link in text belongs to the sentence, not to the link.
const TRAILING = /[.,;:!?)\]]+$/;

function cleaned(match: string): string {
  return match.replace(TRAILING, '');
}

/** The distinct URLs of a message, in order of appearance. */
export function linksIn(text: string): string[] {
  return [...new Set([...text.matchAll(URL_PATTERN)].map((m) => cleaned(m[0])).filter((url) => url.length > 'https://'.length))];
}

/** Replaces each URL that has an id in `linkIds` with `trackedUrl(id)`; other text stays as it was. */
export function rewriteLinks(text: string, linkIds: ReadonlyMap<string, number>, trackedUrl: (linkId: number) => string): string {
  return text.replace(URL_PATTERN, (match) => {
    const url = cleaned(match);
    const id = linkIds.get(url);
    return id === undefined ? match : trackedUrl(id) + match.slice(url.length);
  });
}

export function isHtmlBody(body: string): boolean {
  return /<(p|div|br|a|table|h[1-6]|ul|ol|strong|em|b|i|span)\b[^>]*>/i.test(body);
}

const UNSUBSCRIBE_WORDS = {
  ru: 'Чтобы не получать наши рассылки, отпишитесь',
  en: 'To stop receiving our mailings, unsubscribe',
} as const;

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The message with the unsubscribe link appended, in the app's language. */
export function withUnsubscribeFooter(body: string, html: boolean, unsubscribeUrl: string, locale: 'ru' | 'en'): string {
  const words = UNSUBSCRIBE_WORDS[locale];
  if (html) return `${body}\n<hr>\n<p style="font-size:12px;color:#667">${words}: <a href="${escapeAttribute(unsubscribeUrl)}">${escapeAttribute(unsubscribeUrl)}</a></p>`;
  return `${body}\n\n--\n${words}: ${unsubscribeUrl}`;
}

/** `<token>.<link id>` from /t/:token, or null for anything else. */
export function parseClickToken(value: string): { token: string; linkId: number } | null {
  const match = /^([A-Za-z0-9_-]{20,64})\.([1-9][0-9]{0,15})$/.exec(value);
  if (!match?.[1] || !match[2]) return null;
  return { token: match[1], linkId: Number(match[2]) };
}

/**
 * The headers a mail client offers its own "unsubscribe" button from (RFC 2369 and RFC 8058's
 * one-click): the recipient's own link, which a client POSTs `List-Unsubscribe=One-Click` to. Gmail
 * and Yandex require both on bulk mail.
 */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The recipient's unsubscribe link on the mailing's base URL. */
export function unsubscribeUrlOf(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/u/${token}`;
}
