/*
 * The public URL field's own check, the same as the runtime's (runtime/src/settings/public-url.store.ts),
 * so a mistake shows next to the field before a round trip: empty (no setting) or an absolute
 * http(s) URL without credentials, query or fragment. Answers an i18n key under settings.publicUrl.
 */
export type PublicUrlProblem = 'invalid' | 'scheme' | 'credentials' | 'query';

export function publicUrlProblem(value: string): PublicUrlProblem | null {
  const text = value.trim();
  if (text === '') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.username || url.password) return 'credentials';
  if (url.search || url.hash) return 'query';
  return null;
}
