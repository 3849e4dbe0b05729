/* JSON pointers (RFC 6901): building them from tokens and reading values at them. */

function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** joinPointer('/processes/0', 'nodes', 2) === '/processes/0/nodes/2' */
export function joinPointer(base: string, ...tokens: ReadonlyArray<string | number>): string {
  return base + tokens.map((token) => `/${escapeToken(token)}`).join('');
}

/** The unescaped tokens of a pointer; '' has none. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapeToken);
}

function child(value: unknown, token: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(token) ? value[Number(token)] : undefined;
  if (typeof value === 'object' && value !== null) return Object.getOwnPropertyDescriptor(value, token)?.value;
  return undefined;
}

/** The value at a pointer, or undefined when the path does not exist. */
export function valueAt(document: unknown, pointer: string): unknown {
  let current = document;
  for (const token of pointerTokens(pointer)) current = child(current, token);
  return current;
}
