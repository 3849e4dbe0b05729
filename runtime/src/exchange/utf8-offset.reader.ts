/*
 * Where UTF-8 breaks: TextDecoder with `fatal` says that a chunk is invalid but not where, and the
 * import must name the byte (a file saved by Russian Excel is Windows-1251, not UTF-8, and used to be
 * read as U+FFFD without a word). Checks the rules of RFC 3629: lead bytes, continuation bytes,
 * overlong forms, surrogates and code points past U+10FFFF.
 */

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The allowed range of the byte after `lead` (the first continuation byte). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * The index of the first byte that starts an invalid sequence, or -1. A sequence cut off by the end
 * of `bytes` counts as invalid only when `final` (no more bytes will come).
 */
export function invalidUtf8At(bytes: Uint8Array, final: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length = sequenceLength(lead);
    if (length === 0) return i;
    for (let k = 1; k < length; k += 1) {
      const byte = bytes[i + k];
      if (byte === undefined) return final ? i : -1;
      const [low, high] = k === 1 ? secondByteRange(lead) : [0x80, 0xbf];
      if (byte < low || byte > high) return i;
    }
    i += length;
  }
  return -1;
}

/** The bytes at the end of `bytes` that start a sequence not finished yet (what a streaming decoder holds back). */
export function unfinishedTail(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    return sequenceLength(byte) > back ? bytes.subarray(bytes.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}
