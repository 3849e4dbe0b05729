import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { BadRequestError, PayloadTooLargeError, type AppError } from '../errors/index.js';
import { InvalidCharacterError } from '../errors/invalid-character.error.js';
import type { CsvDelimiter } from './export-query.parser.js';
import type { TextEncoding } from './import-options.parser.js';
import { invalidUtf8At, unfinishedTail } from './utf8-offset.reader.js';

/*
 * A CSV body as rows of cells, read as it arrives: bytes are counted against the limit and decoded
 * (UTF-8 strictly, a byte order mark dropped, or Windows-1251 when asked), the delimiter is taken from the header line
 * unless given, and csv-parse splits the text (RFC 4180 quoting, cells spanning lines, CRLF / LF).
 * Memory holds one chunk and the rows not yet taken, never the file.
 */

export interface CsvRow {
  /** The line of the file where the row ends (1 = the header): the spreadsheet's row number. */
  row: number;
  cells: string[];
}

export interface CsvReadOptions {
  delimiter: CsvDelimiter | null;
  encoding: TextEncoding;
  maxBytes: number;
}

export function tooLarge(maxBytes: number): AppError {
  const mb = Math.round(maxBytes / (1024 * 1024));
  const message = `The file is larger than ${mb} MB; split it into smaller files.`;
  return PayloadTooLargeError.create(message, [{ field: 'body', code: 'PAYLOAD_TOO_LARGE', limitBytes: maxBytes, message, message_ru: `Файл больше ${mb} МБ; разделите его на части.` }]);
}

function invalidUtf8(line: number, offset: number): AppError {
  const message =
    `The file is not valid UTF-8 at line ${line} (byte ${offset}). Save it as CSV UTF-8, or send ?encoding=windows-1251 ` +
    'if it was saved by Russian Excel as plain CSV.';
  return BadRequestError.create(message, [
    {
      field: 'body',
      code: 'INVALID_ENCODING',
      row: line,
      byteOffset: offset,
      message,
      message_ru: `Файл не в кодировке UTF-8 в строке ${line} (байт ${offset}). Сохраните его как «CSV UTF-8» или передайте ?encoding=windows-1251, если Excel сохранил его как обычный CSV.`,
    },
  ]);
}

function nulCharacter(line: number): AppError {
  const message = `The file holds a NUL character at line ${line}, which cannot be stored; remove it.`;
  return InvalidCharacterError.create(message, [
    { field: 'body', code: 'INVALID_CHARACTER', row: line, message, message_ru: `В файле символ NUL в строке ${line}, его нельзя сохранить; уберите его.` },
  ]);
}

const countLines = (text: string): number => text.split('\n').length - 1;

/**
 * The body as text. UTF-8 is decoded strictly: an invalid byte is a 400 naming its line and offset,
 * never a silent U+FFFD (the user may have meant windows-1251, which they must then say).
 */
async function* decodedText(source: AsyncIterable<unknown>, encoding: TextEncoding, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let bytes = 0;
  let lines = 0;
  // The last bytes of the previous chunk: a sequence may start there and break in this one.
  let carry: Uint8Array = new Uint8Array(0);
  const decode = (buffer: Uint8Array, stream: boolean): string => {
    try {
      return decoder.decode(buffer, { stream });
    } catch {
      const window = Buffer.concat([carry, buffer]);
      const at = Math.max(invalidUtf8At(window, !stream), 0);
      throw invalidUtf8(lines + 1 + countLines(window.subarray(0, at).toString('utf8')), bytes - buffer.length - carry.length + at);
    }
  };
  const checked = (text: string): string => {
    const nul = text.indexOf('\u0000');
    if (nul >= 0) throw nulCharacter(lines + 1 + countLines(text.slice(0, nul)));
    lines += countLines(text);
    return text;
  };
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk instanceof Uint8Array ? chunk : Buffer.alloc(0);
    bytes += buffer.length;
    if (bytes > maxBytes) throw tooLarge(maxBytes);
    const text = checked(decode(buffer, true));
    carry = unfinishedTail(Buffer.concat([carry, buffer]));
    if (text !== '') yield text;
  }
  const tail = checked(decode(new Uint8Array(0), false));
  if (tail !== '') yield tail;
}

/** The delimiter of a header line: whichever of , ; tab occurs most outside quotes (a comma on a tie). */
export function sniffDelimiter(headerLine: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

function isParsedRecord(value: unknown): value is { info: { lines: number }; record: string[] } {
  if (typeof value !== 'object' || value === null || !('info' in value) || !('record' in value)) return false;
  const { info, record } = value;
  return typeof info === 'object' && info !== null && 'lines' in info && typeof info.lines === 'number' && Array.isArray(record);
}

function csvSyntaxError(error: CsvError): AppError {
  const line = typeof error.lines === 'number' ? error.lines : null;
  const message = `The CSV cannot be read${line === null ? '' : ` at line ${line}`}: ${error.message}`;
  return BadRequestError.create(message, [
    { field: 'body', code: 'CSV_SYNTAX', ...(line === null ? {} : { row: line }), message, message_ru: `CSV не читается${line === null ? '' : ` в строке ${line}`}: ${error.message}` },
  ]);
}

/** The rows of the CSV in `source`, the header first; throws 413 past the limit and 400 on broken CSV. */
export async function* readCsvRows(source: AsyncIterable<unknown>, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  const text = decodedText(source, options.encoding, options.maxBytes);
  let head = '';
  let ended = false;
  for (;;) {
    const next = await text.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
    if (/[\r\n]/.test(head) || head.length > 65536) break;
  }
  const parser = parse({
    delimiter: options.delimiter ?? sniffDelimiter(head),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  });
  async function* all(): AsyncGenerator<string> {
    if (head !== '') yield head;
    if (!ended) yield* text;
  }
  const feeding = pipeline(Readable.from(all()), parser);
  // Its failure reaches the loop below through the parser; this only keeps it from being unhandled.
  feeding.catch(() => undefined);
  try {
    for await (const parsed of parser) {
      if (isParsedRecord(parsed)) yield { row: parsed.info.lines, cells: parsed.record };
    }
  } catch (error) {
    throw error instanceof CsvError ? csvSyntaxError(error) : error;
  }
}
