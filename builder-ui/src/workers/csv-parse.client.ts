import type { CsvParseMessage, ParsedCsv } from './csv-parse.types.js';

/*
 * Starts the CSV worker for one file and resolves with what it read; `onProgress` gets the share
 * read so far (0..1). The worker is ended once it answers.
 */
export function parseCsvFile(file: File, onProgress: (share: number) => void): Promise<ParsedCsv> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./csv-parse.worker.ts', import.meta.url), { type: 'module', name: 'csv-parse' });
    worker.onmessage = (event: MessageEvent<CsvParseMessage>) => {
      const message = event.data;
      if (message.kind === 'progress') {
        onProgress(message.total > 0 ? message.loaded / message.total : 1);
        return;
      }
      worker.terminate();
      if (message.kind === 'error') reject(new Error(message.message));
      else resolve({ header: message.header, rows: message.rows, delimiter: message.delimiter, encoding: message.encoding });
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The CSV reader could not start.'));
    };
    worker.postMessage({ file });
  });
}
