/*
 * The MIME type a stored file gets. Browsers send whatever the OS guesses and an API client may
 * claim anything, so the type is sniffed from the first bytes for the common kinds (a small table
 * of signatures: no well-kept library like file-type is installed, and these few cover what a CRM
 * receives). A known signature wins over the claim; a claim of a signed type whose bytes do not carry
 * its signature becomes application/octet-stream; markup that a browser would run (HTML, SVG) is
 * recognised whatever it is called, so the download answer can sandbox it. Other claims are trusted
 * (they only decide how the file is offered, never how it is run: downloads carry nosniff).
 */

interface Signature {
  mime: string;
  offset: number;
  bytes: readonly number[];
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { mime: 'application/pdf', offset: 0, bytes: ascii('%PDF-') },
  { mime: 'image/png', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', offset: 0, bytes: ascii('GIF87a') },
  { mime: 'image/gif', offset: 0, bytes: ascii('GIF89a') },
  { mime: 'image/webp', offset: 8, bytes: ascii('WEBP') },
  { mime: 'application/zip', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'application/x-ole-storage', offset: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { mime: 'application/gzip', offset: 0, bytes: [0x1f, 0x8b] },
  { mime: 'application/x-7z-compressed', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { mime: 'application/vnd.rar', offset: 0, bytes: ascii('Rar!') },
];

/** Containers whose real type only the extension tells (Office documents are ZIP or OLE files). */
const BY_EXTENSION_IN_CONTAINER: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'application/zip': {
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    '.odt': 'application/vnd.oasis.opendocument.text',
    '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  },
  'application/x-ole-storage': {
    '.doc': 'application/msword',
    '.xls': 'application/vnd.ms-excel',
    '.ppt': 'application/vnd.ms-powerpoint',
    '.msg': 'application/vnd.ms-outlook',
  },
};

/** The type by extension when the client said nothing useful (text formats have no signature). */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.md': 'text/markdown',
  '.rtf': 'application/rtf',
  '.eml': 'message/rfc822',
};

const SIGNED_TYPES = new Set(SIGNATURES.map((s) => s.mime).concat(Object.values(BY_EXTENSION_IN_CONTAINER).flatMap((m) => Object.values(m))));

function startsWith(bytes: Uint8Array, { offset, bytes: signature }: Signature): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** HTML or SVG at the start of the file (after a BOM, whitespace, an XML declaration or comments). */
function markupType(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  const body = head.replace(/^(<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*)*/, '');
  if (body.startsWith('<svg') || (body.startsWith('<!doctype svg') && head.includes('<svg'))) return 'image/svg+xml';
  if (/^<(!doctype html|html|head|body|script|iframe)[\s>]/.test(body)) return 'text/html';
  return null;
}

function cleanClaim(claimed: string | undefined): string {
  const type = (claimed ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : '';
}

/** The MIME type to store for `bytes` named `name` that the client called `claimed`. */
export function detectMime(bytes: Uint8Array, name: string, claimed: string | undefined): string {
  const extension = extensionOf(name);
  const signed = SIGNATURES.find((s) => startsWith(bytes, s))?.mime;
  if (signed) return BY_EXTENSION_IN_CONTAINER[signed]?.[extension] ?? signed;
  const markup = markupType(bytes);
  if (markup) return markup;
  const claim = cleanClaim(claimed);
  if (SIGNED_TYPES.has(claim)) return 'application/octet-stream';
  if (claim !== '' && claim !== 'application/octet-stream') return claim;
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** Types a browser shows in place without running anything: raster images and PDF. */
export function showsInline(mime: string): boolean {
  return mime === 'application/pdf' || (mime.startsWith('image/') && mime !== 'image/svg+xml');
}
