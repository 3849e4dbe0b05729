import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { testDatabaseKinds } from '../db/test-database.js';
import type { ImportReport } from './import-report.builder.js';

/*
 * How many contact rows a second POST /api/import/contact takes, over real HTTP, with validation
 * (phones to E.164, e-mails, enum labels, dates), duplicate detection by e-mail and phone (in the
 * file and against the database) and history, on PGlite and, when TEST_DATABASE_URL is set, on
 * PostgreSQL. The bench reuses generateContactsCsv and measureImport.
 *
 *   node --no-node-snapshot --import tsx runtime/src/exchange/import-throughput.probe.ts [rows]
 */

const REGIONS = ['Москва', 'spb', 'Volga', 'Урал', 'siberia'];
const POSITIONS = ['Директор', 'Менеджер', 'Инженер', 'Бухгалтер'];

function phoneOf(n: number, style: number): string {
  const digits = String(9_000_000_000 + n).slice(-10);
  const [a, b, c, d] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8, 10)];
  return style === 0 ? `+7${digits}` : style === 1 ? `8 (${a}) ${b}-${c}-${d}` : `+7 ${a} ${b} ${c} ${d}`;
}

/**
 * `rows` contact rows with a header; every 100th row repeats an earlier one's phone, written
 * differently, so about 1% are duplicates within the file.
 */
export function generateContactsCsv(rows: number, seed = 0): string {
  const lines = ['first_name,last_name,email,phone,position,region,birthday'];
  for (let i = 0; i < rows; i += 1) {
    const n = i % 100 === 99 ? seed + i - 50 : seed + i;
    const email = i % 100 === 99 ? `other${seed + i}@probe.test` : `person${n}@probe.test`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`Имя${i},Фамилия${i},${email},"${phoneOf(n, i % 3)}",${POSITIONS[i % POSITIONS.length]},${REGIONS[i % REGIONS.length]},${day}.05.1985`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ImportMeasurement {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  report: ImportReport;
}

/** Posts `csv` to the runtime's import as `token` and times it. */
export async function measureImport(baseUrl: string, token: string, entity: string, csv: string, query = ''): Promise<ImportMeasurement> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/import/${entity}${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const text = await res.text();
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${text.slice(0, 500)}`);
  const report: ImportReport = JSON.parse(text);
  return { rows: report.rows, seconds, rowsPerSecond: report.rows / seconds, report };
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const csv = generateContactsCsv(rows);
  for (const kind of testDatabaseKinds()) {
    let rt: TestRuntime | null = null;
    try {
      rt = await startTestRuntime(kind, { template: 'b2b-sales' });
      const m = await measureImport(rt.baseUrl, rt.adminToken, 'contact', csv);
      const r = m.report;
      console.log(
        `${kind}: ${m.rows} rows in ${m.seconds.toFixed(1)} s = ${Math.round(m.rowsPerSecond)} rows/s ` +
          `(created ${r.created}, skipped ${r.skipped}, rejected ${r.rejectedRows}, csv ${(csv.length / 1e6).toFixed(1)} MB)`,
      );
    } finally {
      await rt?.close();
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
