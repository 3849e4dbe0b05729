import type { DuplicatePolicy, ImportMode } from '@crm/schemas';
import { BadRequestError, type AppError } from '../errors/index.js';
import { singleParam } from '../records/index.js';
import type { CsvDelimiter } from './export-query.parser.js';

/*
 * The query string of POST /api/import/:entity (README.md beside this file). Nothing here knows
 * the entity: column and field names are checked against it when the header is read.
 */

/** `DuplicatePolicy`: what a row whose match key finds a record (in the database or earlier in the file) does. */
export type { DuplicatePolicy, ImportMode };
export type TextEncoding = 'utf-8' | 'windows-1251';

export interface ImportOptions {
  mode: ImportMode;
  duplicates: DuplicatePolicy;
  /** Fields whose equal values make two rows one record; null: the default set, []: none. */
  match: string[] | null;
  /** CSV column (header text) -> field name, or null to leave the column out; null: by header. */
  mapping: Record<string, string | null> | null;
  dryRun: boolean;
  /** null: worked out from the header line. */
  delimiter: CsvDelimiter | null;
  encoding: TextEncoding;
}

function bad(field: string, message: string, messageRu: string): AppError {
  return BadRequestError.create(message, [{ field, code: 'INVALID_PARAMETER', message, message_ru: messageRu }]);
}

function parseMode(text: string | undefined): ImportMode {
  if (text === undefined || text === '' || text === 'create') return 'create';
  if (text === 'upsert') return 'upsert';
  throw bad('mode', 'mode must be "create" or "upsert".', 'mode: «create» или «upsert».');
}

function parseDuplicates(text: string | undefined, mode: ImportMode): DuplicatePolicy {
  if (text === undefined || text === '') return mode === 'upsert' ? 'update' : 'skip';
  if (text !== 'skip' && text !== 'update' && text !== 'error') {
    throw bad('duplicates', 'duplicates must be "skip", "update" or "error".', 'duplicates: «skip», «update» или «error».');
  }
  if (mode === 'upsert' && text !== 'update') {
    throw bad('duplicates', 'mode=upsert updates the record a row matches; leave duplicates out or set it to "update".', 'mode=upsert обновляет найденную запись: duplicates должен быть «update» или не задан.');
  }
  if (mode === 'create' && text === 'update') {
    throw bad('duplicates', 'mode=create never changes existing records; use mode=upsert to update them.', 'mode=create не меняет существующие записи; для обновления используйте mode=upsert.');
  }
  return text;
}

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

function parseMatch(text: string | undefined): string[] | null {
  if (text === undefined || text.trim() === '') return null;
  if (text.trim() === 'none') return [];
  const names = [...new Set(text.split(',').map((n) => n.trim()).filter((n) => n !== ''))];
  for (const name of names) if (!FIELD_NAME.test(name)) throw bad('match', `"${name}" is not a field name.`, `«${name}» — не имя поля.`);
  return names;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseMapping(text: string | undefined): Record<string, string | null> | null {
  if (text === undefined || text.trim() === '') return null;
  const message = 'mapping must be a JSON object from CSV column to field name (null to leave a column out), e.g. {"E-mail":"email","Notes":null}.';
  const messageRu = 'mapping — JSON-объект «колонка CSV → имя поля» (null — пропустить колонку).';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad('mapping', message, messageRu);
  }
  if (!isPlainObject(parsed)) throw bad('mapping', message, messageRu);
  const out: Record<string, string | null> = {};
  for (const [column, field] of Object.entries(parsed)) {
    if (field === null || field === '') out[column] = null;
    else if (typeof field === 'string' && FIELD_NAME.test(field)) out[column] = field;
    else throw bad('mapping', message, messageRu);
  }
  return out;
}

function parseDelimiter(text: string | undefined): CsvDelimiter | null {
  if (text === undefined || text === '' || text === 'auto') return null;
  if (text === ',' || text === 'comma') return ',';
  if (text === ';' || text === 'semicolon') return ';';
  if (text === '\t' || text === 'tab') return '\t';
  throw bad('delimiter', 'delimiter must be ",", ";", "tab" or "auto".', 'delimiter: «,», «;», «tab» или «auto».');
}

function parseEncoding(text: string | undefined): TextEncoding {
  const name = text?.trim().toLowerCase();
  if (name === undefined || name === '' || name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (name === 'windows-1251' || name === 'cp1251') return 'windows-1251';
  throw bad('encoding', 'encoding must be "utf-8" or "windows-1251".', 'encoding: «utf-8» или «windows-1251».');
}

export function parseImportOptions(query: Readonly<Record<string, unknown>>): ImportOptions {
  const mode = parseMode(singleParam(query, 'mode'));
  const dryRun = singleParam(query, 'dryRun');
  return {
    mode,
    duplicates: parseDuplicates(singleParam(query, 'duplicates'), mode),
    match: parseMatch(singleParam(query, 'match')),
    mapping: parseMapping(singleParam(query, 'mapping')),
    dryRun: dryRun === '1' || dryRun === 'true',
    delimiter: parseDelimiter(singleParam(query, 'delimiter')),
    encoding: parseEncoding(singleParam(query, 'encoding')),
  };
}
