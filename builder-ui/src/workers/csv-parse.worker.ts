import Papa from 'papaparse';
import type { CsvParseMessage, CsvParseRequest } from './csv-parse.types.js';

/*
 * The import wizard's CSV reader, off the main thread: papaparse reads the file in chunks (the page
 * shows how far it got) and sends back the header and the rows. The encoding is found from the
 * file's start: UTF-8 when it decodes strictly, else windows-1251 (what Russian Excel saves).
 * papaparse's own worker mode starts from a blob: URL, which the workspace's Content-Security-Policy
 * refuses; this worker is a module of the app, served from 'self'.
 */

const CHUNK_BYTES = 256 * 1024;
const SNIFF_BYTES = 64 * 1024;

function post(message: CsvParseMessage): void {
  self.postMessage(message);
}

async function encodingOf(file: File): Promise<'utf-8' | 'windows-1251'> {
  const head = await file.slice(0, SNIFF_BYTES).arrayBuffer();
  try {
    // stream: true lets the sample end inside a character without failing.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

async function parse({ file }: CsvParseRequest): Promise<void> {
  const encoding = await encodingOf(file);
  const rows: string[][] = [];
  let delimiter = ',';
  Papa.parse<string[]>(file, {
    encoding,
    skipEmptyLines: 'greedy',
    chunkSize: CHUNK_BYTES,
    chunk(results) {
      delimiter = results.meta.delimiter || delimiter;
      for (const row of results.data) rows.push(row);
      post({ kind: 'progress', loaded: Math.min(results.meta.cursor, file.size), total: file.size });
    },
    complete() {
      const [header = [], ...data] = rows;
      // A byte order mark left on the first header cell would stop it matching a field.
      const cleanHeader = header.map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
      post({ kind: 'done', header: cleanHeader, rows: data, delimiter, encoding });
    },
    error(error) {
      post({ kind: 'error', message: error.message });
    },
  });
}

self.onmessage = (event: MessageEvent<CsvParseRequest>) => {
  parse(event.data).catch((error: unknown) => post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
};
