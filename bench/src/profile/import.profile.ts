import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../../runtime/src/db/database.factory.js';
import { createRuntime } from '../../../runtime/src/runtime.factory.js';
import { ensureFirstAdmin, FIRST_ADMIN_EMAIL } from '../../../runtime/src/auth/admin.bootstrap.js';
import { installTemplate } from '../../../runtime/src/templates/template.installer.js';
import { contactsCsv } from '../setup/contacts.csv.js';
import { summarizeProfile } from './cpu-profile.summary.js';

/*
 * Where the PGlite import's time goes, without the start-up in the picture: the runtime in this
 * process on a PGlite data folder (as the bench runs it), the bench's contacts CSV posted once
 * over HTTP as the admin, and only that request CPU-profiled (node:inspector). Prints the rows per
 * second, the process's CPU per row, the statements by total time, and the profile's summary; the
 * .cpuprofile is kept for a closer look (bench/src/profile/cpu-profile.summary.ts).
 *
 *   VITEST=true node --no-node-snapshot --import tsx bench/src/profile/import.profile.ts [--rows 20000] [--out file.cpuprofile]
 *     [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 *
 * --postgres: on PostgreSQL instead, in a scratch database made through that server URL and
 * dropped afterwards. The CPU figure is then this process's alone (the server's is not in it), and
 * the statement times include the server's work.
 *
 * (VITEST=true lets the first admin's password use the test cost: this is not a server.)
 */

const PASSWORD = 'import-profile-password-1';

function recordStatements(knex: Knex): Map<string, { n: number; ms: number }> {
  const started = new Map<string, number>();
  const byStatement = new Map<string, { n: number; ms: number }>();
  knex.on('query', (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now()));
  knex.on('query-response', (_rows: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const t = started.get(q.__knexQueryUid);
    if (t === undefined) return;
    started.delete(q.__knexQueryUid);
    const key = q.sql.replace(/\s+/g, ' ').slice(0, 80);
    const entry = byStatement.get(key) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += performance.now() - t;
    byStatement.set(key, entry);
  });
  return byStatement;
}

/** A scratch database on the server `adminUrl` points at: its URL and how to drop it. */
async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `import_profile_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.end();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '20000' }, out: { type: 'string' }, postgres: { type: 'string' } } });
  const rows = Number(values.rows);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-profile-'));
  const out = values.out ?? path.join(dir, '..', `import-${Date.now()}.cpuprofile`);
  const scratch = values.postgres ? await scratchDatabase(values.postgres) : null;
  const db: Database = scratch ? await openPostgres(scratch.url) : await openPglite(dir);
  const runtime = await createRuntime(db, { duties: { maintenance: false } });
  let server: Server | null = null;
  try {
    await ensureFirstAdmin(db.knex, PASSWORD);
    await installTemplate(runtime, 'b2b-sales');
    server = await new Promise<Server>((resolve) => {
      const s = runtime.httpApp.listen(0, '127.0.0.1', () => resolve(s));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: FIRST_ADMIN_EMAIL, password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const statements = recordStatements(db.knex);
    const csv = contactsCsv(rows);

    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const started = performance.now();
    const cpu = process.cpuUsage();
    const res = await fetch(`${baseUrl}/api/import/contact`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    const report = await res.text();
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${report.slice(0, 500)}`);

    fs.writeFileSync(out, JSON.stringify(profile));
    console.log(`${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds)} rows/s; CPU ${((used.user + used.system) / 1e6).toFixed(2)} s = ${Math.round((used.user + used.system) / rows)} µs/row`);
    console.log('statements by total time (count, ms):');
    for (const [sql, s] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) console.log(`  ${String(s.n).padStart(5)} ${s.ms.toFixed(0).padStart(7)}  ${sql}`);
    console.log(`profile ${out}:`);
    for (const line of summarizeProfile(profile, 25)) console.log(line);
  } finally {
    server?.close();
    await runtime.stop();
    await db.close();
    await scratch?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
