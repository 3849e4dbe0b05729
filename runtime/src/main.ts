import { openDatabase } from './db/database.factory.js';
import { createRuntime } from './runtime.factory.js';
import { assertDemoPassword, ensureFirstAdmin, FIRST_ADMIN_EMAIL, StartupConfigError } from './auth/admin.bootstrap.js';
import { installTemplate } from './templates/template.installer.js';
import { deliverMail, transportFromEnv } from './mail/mail-delivery.duty.js';
import { faultProbeFromEnv } from './processes/fault-injection.probe.js';
import { autovacuumRuns, databaseMaintenance, maintenancePlan } from './db/database-maintenance.duty.js';
import { deliverWebhooks, pruneWebhookDeliveries } from './webhooks/index.js';
import { parseStartOptions } from './cli/start-options.parser.js';
import { chosenTemplate, firstStartHint } from './cli/template-choice.parser.js';
import { listenFirst } from './cli/http-server.factory.js';
import { answerClientErrors } from './http/client-error.handler.js';
import { installGracefulStop } from './cli/graceful-stop.factory.js';

/*
 * `npm start [-- --template b2b-sales]`: the product on the embedded database in ./data (or
 * CRM_DATA_DIR), or on PostgreSQL when DATABASE_URL is set, at http://localhost:3000 (PORT).
 */
async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2), process.env);
  // Settings are checked before the port is taken or the data folder is opened.
  const template = options.template === undefined ? undefined : chosenTemplate(options.template);
  if (template !== undefined) assertDemoPassword(process.env.CRM_DEMO_PASSWORD);
  const { port, host } = options;
  const listening = await listenFirst(port, host);
  const server = listening.server;
  answerClientErrors(server);
  let closeRuntime = async (): Promise<void> => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  installGracefulStop({
    graceMs: options.shutdownGraceMs,
    close: () => closeRuntime(),
    log: (line) => console.log(line),
    exit: (code) => process.exit(code),
    forceExit: () => process.kill(process.pid, 'SIGKILL'),
  });

  const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.CRM_DATA_DIR ?? 'data' });
  const probe = faultProbeFromEnv(process.env.CRM_FAULT_KILL_AT);
  const runtime = await createRuntime(db, probe ? { engine: { probe } } : {});
  // Stop taking requests and claiming jobs, let the steps in hand finish, then close the database.
  closeRuntime = async () => {
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.all([httpClosed, runtime.stop()]);
    await db.close();
  };

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
  // run workers against one PostgreSQL). Mail leaves through SMTP when CRM_SMTP_URL is set.
  const workerCount = Number(process.env.CRM_WORKERS ?? 1);
  const mail = transportFromEnv();
  const mailFrom = process.env.CRM_MAIL_FROM ?? 'crm@localhost';
  const upkeep = maintenancePlan(db.knex, db.kind, await autovacuumRuns(db.knex, db.kind));
  if (upkeep.analyzeAtStart) await databaseMaintenance(db.knex).analyzeAll();
  if (upkeep.notice && workerCount > 0) console.warn(upkeep.notice);
  if (workerCount > 0) {
    await runtime.engine.startWorkers({
      concurrency: Number(process.env.CRM_WORKER_CONCURRENCY ?? (db.kind === 'pglite' ? 1 : 4)),
      ...(process.env.CRM_WORKER_BATCH ? { batchSize: Number(process.env.CRM_WORKER_BATCH) } : {}),
      duties: [
        ...upkeep.duties,
        { name: 'mail delivery', everyMs: 5_000, run: async () => void (await deliverMail(db.knex, mail, mailFrom)) },
        { name: 'webhook delivery', everyMs: 2_000, run: async () => void (await deliverWebhooks(db.knex, runtime.context.definitions)) },
        // Finished deliveries older than CRM_WEBHOOK_RETENTION_DAYS (default 30) are deleted, hourly.
        { name: 'webhook retention', everyMs: 3_600_000, run: async () => void (await pruneWebhookDeliveries(db.knex, { retentionDays: options.webhookRetentionDays })) },
      ],
    });
  }

  listening.serve(runtime.httpApp);
  const baseUrl = `http://localhost:${port}`;
  console.log(`CRM runtime on ${baseUrl} (${db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`);
  if (template === undefined && !(await runtime.definitionService.getLive())) console.log(firstStartHint(baseUrl));
}

main().catch((err: unknown) => {
  console.error(err instanceof StartupConfigError ? `Cannot start: ${err.message}` : err);
  process.exit(1);
});
