import { openDatabase } from './db/database.factory.js';
import { createRuntime } from './runtime.factory.js';
import { assertDemoPassword, ensureFirstAdmin, FIRST_ADMIN_EMAIL, StartupConfigError } from './auth/admin.bootstrap.js';
import { installTemplate } from './templates/template.installer.js';
import { parseStartOptions } from './cli/start-options.parser.js';
import { parseRuntimeOptions } from './cli/runtime-options.parser.js';
import { chosenTemplate, firstStartHint } from './cli/template-choice.parser.js';
import { listenFirst } from './cli/http-server.factory.js';
import { answerClientErrors } from './http/client-error.handler.js';
import { installGracefulStop } from './cli/graceful-stop.factory.js';
import { readUiBuild } from './http/ui-build-stamp.reader.js';

/*
 * `npm start [-- --template b2b-sales]`: the product on the embedded database in ./data (or
 * CRM_DATA_DIR), or on PostgreSQL when DATABASE_URL is set, at http://localhost:3000 (PORT).
 */
async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2), process.env);
  // Settings are checked before the port is taken or the data folder is opened.
  const template = options.template === undefined ? undefined : chosenTemplate(options.template);
  if (template !== undefined) assertDemoPassword(process.env.CRM_DEMO_PASSWORD);
  const settings = parseRuntimeOptions(process.env, process.env.DATABASE_URL ? 'postgres' : 'pglite', options.webhookRetentionDays);
  const { port, host } = options;
  const listening = await listenFirst(port, host);
  const server = listening.server;
  answerClientErrors(server);
  let closeRuntime = async (): Promise<void> => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  let handBack = async (): Promise<void> => {};
  installGracefulStop({
    graceMs: options.shutdownGraceMs,
    close: () => closeRuntime(),
    handBack: () => handBack(),
    log: (line) => console.log(line),
    exit: (code) => process.exit(code),
    forceExit: () => process.kill(process.pid, 'SIGKILL'),
  });

  const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.CRM_DATA_DIR ?? 'data' });
  // Everything (services, engine host and its sinks, routes, background duties) is built here.
  // `npm start` has just built the UI if its sources changed; a stale build is never served.
  const ui = readUiBuild();
  if (ui.kind !== 'fresh') console.warn(ui.message);
  const runtime = await createRuntime(db, { ...settings.runtime, ui });
  // Stop taking requests and claiming jobs, let the steps in hand finish, then close the database.
  closeRuntime = async () => {
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.all([httpClosed, runtime.stop()]);
    await db.close();
  };
  handBack = () => runtime.engine.releaseLeases();

  const admin = await ensureFirstAdmin(db.knex, process.env.CRM_ADMIN_PASSWORD);
  if (admin.generatedPassword) {
    console.log(`First start: created ${FIRST_ADMIN_EMAIL} with the password ${admin.generatedPassword}`);
    console.log('It is shown only this once; set CRM_ADMIN_PASSWORD on first start to choose it yourself.');
  }
  if (template !== undefined) {
    const result = await installTemplate(runtime, template, { demoPassword: process.env.CRM_DEMO_PASSWORD });
    console.log(result.installed ? `Installed template ${template}: ${result.summary}` : `Template ${template}: ${result.summary}`);
  }

  // Workers in this process (CRM_WORKERS=0 for an HTTP-only process; any number of processes may
  // run workers against one PostgreSQL), each with mail and webhook delivery and database upkeep.
  if (settings.workerCount > 0) await runtime.startWorkers();

  listening.serve(runtime.httpApp);
  const baseUrl = `http://localhost:${port}`;
  console.log(`CRM runtime on ${baseUrl} (${db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`);
  if (template === undefined && !(await runtime.definitionService.getLive())) console.log(firstStartHint(baseUrl));
}

main().catch((err: unknown) => {
  console.error(err instanceof StartupConfigError ? `Cannot start: ${err.message}` : err);
  process.exit(1);
});
