/*
 * The messages between the import wizard and its CSV worker (csv-parse.worker.ts): the page sends
 * the File, the worker answers with progress as it reads and, at the end, the header and the rows.
 */

export interface CsvParseRequest {
  file: File;
}

export interface ParsedCsv {
  header: string[];
  rows: string[][];
  delimiter: string;
  /** What the file was read as: UTF-8, or windows-1251 (Russian Excel's plain CSV) when it is not UTF-8. */
  encoding: 'utf-8' | 'windows-1251';
}

export type CsvParseMessage =
  | { kind: 'progress'; loaded: number; total: number }
  | ({ kind: 'done' } & ParsedCsv)
  | { kind: 'error'; message: string };
