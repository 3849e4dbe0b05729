import { BadRequestError, type AppError } from '../errors/index.js';
import { parseExpand, parseListQuery, singleParam } from '../records/index.js';
import type { ListQuery } from '../records/index.js';
import type { Language } from './field-labels.catalog.js';

/*
 * The query string of GET /api/export/:entity. `filter`, `sort`, `q` and `deleted` mean what they
 * mean for GET /api/records/:entity (the same parser reads them); the rest says what to write.
 * Nothing here knows the entity: names are checked when the columns are planned.
 */

export type ExportFormat = 'csv' | 'json';
export type CsvDelimiter = ',' | ';' | '\t';

export interface ExportQuery {
  format: ExportFormat;
  /** Field names in the order asked; null: every visible field. */
  fields: string[] | null;
  /** CSV header (and enum values) as labels in this language; null: names and values. */
  labels: Language | null;
  /** Start the CSV with a UTF-8 byte order mark, which Excel needs to read UTF-8. */
  bom: boolean;
  delimiter: CsvDelimiter;
  expand: string[];
  list: Pick<ListQuery, 'filter' | 'sort' | 'q' | 'deleted'>;
}

function bad(field: string, message: string, messageRu: string): AppError {
  return BadRequestError.create(message, [{ field, code: 'INVALID_PARAMETER', message, message_ru: messageRu }]);
}

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

function parseFields(text: string | undefined): string[] | null {
  if (text === undefined || text.trim() === '') return null;
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const seen = new Set<string>();
  for (const name of names) {
    if (!FIELD_NAME.test(name)) throw bad('fields', `"${name}" is not a field name.`, `«${name}» — не имя поля.`);
    if (seen.has(name)) throw bad('fields', `"${name}" appears twice in fields.`, `«${name}» указано в fields дважды.`);
    seen.add(name);
  }
  return names;
}

function parseFormat(text: string | undefined): ExportFormat {
  if (text === undefined || text === '' || text === 'csv') return 'csv';
  if (text === 'json') return 'json';
  throw bad('format', 'format must be "csv" or "json".', 'format: «csv» или «json».');
}

function parseLabels(text: string | undefined): Language | null {
  if (text === undefined || text === '' || text === '0' || text === 'false') return null;
  if (text === 'ru' || text === 'en') return text;
  throw bad('labels', 'labels must be "ru" or "en".', 'labels: «ru» или «en».');
}

function parseDelimiter(text: string | undefined): CsvDelimiter {
  if (text === undefined || text === '' || text === ',' || text === 'comma') return ',';
  if (text === ';' || text === 'semicolon') return ';';
  if (text === '\t' || text === 'tab') return '\t';
  throw bad('delimiter', 'delimiter must be ",", ";" or "tab".', 'delimiter: «,», «;» или «tab».');
}

function parseFlag(text: string | undefined): boolean {
  return text === '1' || text === 'true';
}

export function parseExportQuery(query: Readonly<Record<string, unknown>>): ExportQuery {
  const list = parseListQuery(query);
  return {
    format: parseFormat(singleParam(query, 'format')),
    fields: parseFields(singleParam(query, 'fields')),
    labels: parseLabels(singleParam(query, 'labels')),
    bom: parseFlag(singleParam(query, 'bom')),
    delimiter: parseDelimiter(singleParam(query, 'delimiter')),
    expand: parseExpand(singleParam(query, 'expand')),
    list: { filter: list.filter, sort: list.sort, q: list.q, deleted: list.deleted },
  };
}
