import type { Request } from 'express';

/*
 * Reads an upload's raw body into memory, at most `maxBytes` of it: a file is stored as one bytea
 * value, so it is held whole once anyway, and the cap (25 MB at most) bounds that. Content-Length
 * over the cap is refused before a byte is read; a body that turns out longer (chunked, or a lying
 * header) stops being kept as soon as it passes the cap and is read to its end without being
 * stored, so the client still gets the refusal instead of a reset connection.
 */

export type BodyRead = { ok: true; bytes: Buffer } | { ok: false };

export function declaredLength(req: Request): number | null {
  const length = Number(req.get('content-length'));
  return req.get('content-length') !== undefined && Number.isFinite(length) ? length : null;
}

export async function readUploadBody(req: Request, maxBytes: number): Promise<BodyRead> {
  const declared = declaredLength(req);
  if (declared !== null && declared > maxBytes) return { ok: false };
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += bytes.length;
    if (total <= maxBytes) chunks.push(bytes);
    else chunks.length = 0;
  }
  return total > maxBytes ? { ok: false } : { ok: true, bytes: Buffer.concat(chunks, total) };
}
