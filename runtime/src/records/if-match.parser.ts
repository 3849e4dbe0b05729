import { BadRequestError } from '../errors/index.js';

/*
 * If-Match carries the version a client last read, as the ETag we send ("<version>"). Clients and
 * proxies write it several ways, so 3, "3" and W/"3" all mean version 3; a list means any of them.
 * `*` (or no header) sets no condition.
 */

const ENTITY_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;

/** The versions the client accepts, or null when it sets no condition. */
export function parseIfMatch(header: string | undefined): number[] | null {
  if (header === undefined) return null;
  const trimmed = header.trim();
  if (trimmed === '' || trimmed === '*') return null;
  const versions: number[] = [];
  for (const part of trimmed.split(',')) {
    const match = ENTITY_TAG.exec(part.trim());
    if (!match?.[1]) {
      throw BadRequestError.create(`If-Match must be the record's version, such as "3" (got ${JSON.stringify(header)}).`, [
        { field: 'If-Match', code: 'INVALID_IF_MATCH', message: 'If-Match must be a version such as "3".', message_ru: 'If-Match должен содержать версию записи, например "3".' },
      ]);
    }
    versions.push(Number(match[1]));
  }
  return versions;
}

/** The ETag of a record version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
