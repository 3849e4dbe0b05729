import fs from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { backupFileLines } from '@crm/runtime';

/* Reading and damaging backup files in the tests: what a file holds, table by table. */

export interface FileContents {
  header: { tables: Array<{ name: string; rows: number; role: string }>; migrations: string[]; formatVersion: number };
  /** Each table's row lines, sorted: two files hold the same data when these are equal. */
  rows: Map<string, string[]>;
}

export async function readContents(file: string): Promise<FileContents> {
  let header: FileContents['header'] | undefined;
  const rows = new Map<string, string[]>();
  let table: string | undefined;
  for await (const line of backupFileLines(file)) {
    if (!header) {
      header = JSON.parse(line);
      continue;
    }
    if (line.startsWith('{"row":')) {
      rows.get(table ?? '')?.push(line);
      continue;
    }
    const control: { section: string; name?: string } = JSON.parse(line);
    if (control.section === 'table' && control.name) {
      table = control.name;
      rows.set(table, []);
    }
  }
  if (!header) throw new Error(`${file} is empty`);
  for (const list of rows.values()) list.sort();
  return { header, rows };
}

/** Rewrites the file's decompressed text with `change` and compresses it again (a well-formed gzip). */
export function rewriteBackup(from: string, to: string, change: (text: string) => string): void {
  fs.writeFileSync(to, gzipSync(change(gunzipSync(fs.readFileSync(from)).toString('utf8'))));
}
