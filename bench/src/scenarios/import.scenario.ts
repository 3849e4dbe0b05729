import type { DbBench } from '../db-bench.context.js';
import type { SqlSession } from '../harness/sql.session.js';
import { figure, type Figure } from '../report/figure.types.js';
import { CONTACT_COLUMNS, contactsCsv } from '../setup/contacts.csv.js';

/*
 * Import: POST /api/import/contact with a generated CSV as the admin: every row validated (phones
 * to E.164, e-mails, region labels to codes, dates), duplicates found by the default match key
 * within the file and against the database, history written, in batches. Baseline: COPY of the
 * same bytes into a plain table of text columns (no validation, no duplicates, no history): the
 * floor of moving the rows into the database.
 */

interface ImportReport {
  rows: number;
  created: number;
  skipped: number;
  rejectedRows: number;
}

export interface ImportTiming {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  detail: string;
}

export async function plainCopy(bench: DbBench, sql: SqlSession): Promise<ImportTiming> {
  const csv = contactsCsv(bench.options.scale.import.rows);
  await sql.exec(`CREATE TABLE bench_copy_contacts (${CONTACT_COLUMNS.map((c) => `${c} text`).join(', ')})`);
  const started = performance.now();
  const rows = await sql.copyCsv('bench_copy_contacts', [...CONTACT_COLUMNS], csv);
  const seconds = (performance.now() - started) / 1000;
  await sql.exec('DROP TABLE bench_copy_contacts');
  if (rows !== bench.options.scale.import.rows) throw new Error(`COPY took ${rows} rows of ${bench.options.scale.import.rows}`);
  return { rows, seconds, rowsPerSecond: rows / seconds, detail: 'COPY FROM STDIN into text columns' };
}

export async function productImport(bench: DbBench): Promise<ImportTiming> {
  const product = await bench.runtime();
  const csv = contactsCsv(bench.options.scale.import.rows);
  const started = performance.now();
  const res = await fetch(`${product.baseUrl}/api/import/contact`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bench.people.admin.token ?? ''}`, 'content-type': 'text/csv' },
    body: csv,
    signal: AbortSignal.timeout(1_800_000),
  });
  const text = await res.text();
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${text.slice(0, 600)}`);
  const report: ImportReport = JSON.parse(text);
  const expectedDuplicates = Math.floor(bench.options.scale.import.rows / 100);
  if (report.rows !== bench.options.scale.import.rows) throw new Error(`the import read ${report.rows} rows of ${bench.options.scale.import.rows}`);
  if (report.rejectedRows > 0 || report.skipped !== expectedDuplicates) {
    throw new Error(`the import rejected ${report.rejectedRows} rows and skipped ${report.skipped} (expected 0 and ${expectedDuplicates} duplicates)`);
  }
  return { rows: report.rows, seconds, rowsPerSecond: report.rows / seconds, detail: `created ${report.created}, duplicates skipped ${report.skipped}` };
}

export function importFigures(bench: DbBench, ours: ImportTiming, copy: ImportTiming): Figure[] {
  return [
    figure({
      scenario: 'import',
      db: bench.db,
      metric: 'rows/s',
      value: ours.rowsPerSecond,
      baseline: copy.rowsPerSecond,
      baselineName: 'plain COPY',
      goal: { text: '≥ 5000 rows/s', on: 'value', kind: 'min', limit: 5000 },
      note: `${ours.rows.toLocaleString('en')} rows in ${ours.seconds.toFixed(1)} s; ${ours.detail}`,
    }),
  ];
}
