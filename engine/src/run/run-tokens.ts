/*
 * Tokens name the branches of a run. A run starts with the token "r"; a step whose edges lead to
 * several nodes hands each branch a child token `<token>/<node>.<i>`; an iteration of a loop runs
 * as `<token>/<loop>#<index>`. A join continues with the longest common ancestor of the tokens that
 * met there. Tokens are unique among a run's live jobs, and the step idempotency key includes them.
 */

export const ROOT_TOKEN = 'r';

export function forkToken(token: string, nodeId: string, index: number): string {
  return `${token}/${nodeId}.${index}`;
}

export function loopKey(token: string, loopNodeId: string): string {
  return `${token}/${loopNodeId}`;
}

export function iterationToken(key: string, index: number): string {
  return `${key}#${index}`;
}

/** Whether `token` is `prefix` itself or one of its descendants. */
export function isWithin(token: string, prefix: string): boolean {
  return token === prefix || token.startsWith(`${prefix}/`);
}

/** The innermost loop iteration a token runs in (its prefix up to that segment), or '' for none. */
export function iterationScope(token: string): string {
  const segments = token.split('/');
  for (let i = segments.length - 1; i >= 0; i--) {
    if (segments[i]?.includes('#')) return segments.slice(0, i + 1).join('/');
  }
  return '';
}

/** The longest common ancestor of some tokens (at segment boundaries). */
export function commonAncestor(tokens: readonly string[]): string {
  const [first, ...rest] = tokens.map((t) => t.split('/'));
  if (!first) return ROOT_TOKEN;
  let length = first.length;
  for (const other of rest) {
    let i = 0;
    while (i < length && i < other.length && other[i] === first[i]) i++;
    length = i;
  }
  return length === 0 ? ROOT_TOKEN : first.slice(0, length).join('/');
}
