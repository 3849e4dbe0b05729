/*
 * The body as text, and as JSON when the response says it is JSON. Text is decoded as UTF-8
 * (JSON is UTF-8 by definition; other charsets are rare in APIs and not converted).
 */

const JSON_TYPE = /^\s*(?:application\/(?:[\w.+-]*\+)?json|text\/json)\s*(?:;|$)/i;

export function decodeResponseBody(headers: Record<string, string>, bytes: Uint8Array): { body: string; json?: unknown } {
  const body = new TextDecoder('utf-8').decode(bytes);
  if (!JSON_TYPE.test(headers['content-type'] ?? '')) return { body };
  try {
    return { body, json: JSON.parse(body) };
  } catch {
    // Not JSON after all: the text is still there for the caller.
    return { body };
  }
}
