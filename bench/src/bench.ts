import os from 'node:os';
import { parseBenchOptions, runSelection } from './bench.options.js';
import { CleanupRegistry } from './harness/cleanup.registry.js';
import { runOnDatabase } from './db-bench.runner.js';
import { FigureRecorder } from './report/figure.recorder.js';
import { machineInfo } from './report/machine.info.js';
import { writeResults } from './report/results.writer.js';
import { measureScripts } from './scenarios/scripts.scenario.js';
import { measureDesigner } from './scenarios/designer.scenario.js';
import { measureProcesses } from './scenarios/processes.scenario.js';
import { summarizeProfiles } from './profile/profiles.report.js';
import { ensurePeers } from './peers/peers.installer.js';

/*
 * npm run bench [-- --quick] [--only create,peers,runs,lists,funnel,scripts,import,designer,processes] [--db postgres,pglite]
 *
 * Starts the product on PostgreSQL (BENCH_DATABASE_URL names the server; the bench creates and
 * drops a database of its own) and on PGlite, loads generated data, drives it on loopback and
 * prints one line per figure beside its baseline measured in the same run. See bench/README.md.
 */

const options = parseBenchOptions(process.argv.slice(2), process.env);
const registry = new CleanupRegistry();
const recorder = new FigureRecorder();
const started = Date.now();
const date = new Date().toISOString();
const machine = machineInfo();

let cleaningUp: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaningUp ??= registry.runAll().then((failures) => {
    for (const failure of failures) console.error(`cleanup: ${failure}`);
  });
  return cleaningUp;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`${signal}: stopping every process and dropping every database the bench made`);
    void cleanUp().finally(() => process.exit(130));
  });
}

console.log(`bench (${options.mode}) on ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.cpu}, node ${machine.node}, load ${machine.loadAverage.join(' ')}`);
const databases: Record<string, string> = {};
try {
  if (options.scenarios.includes('peers') && options.databases.includes('postgres')) {
    // A full bench installs the peers before measuring anything; --quick (not judged on speed)
    // installs them while the first scenarios run, to stay within its two minutes.
    const peers = ensurePeers();
    if (options.mode === 'full') await recorder.attempt('peers', 'postgres', () => peers);
    else peers.catch(() => undefined);
  }
  if (options.scenarios.includes('scripts')) {
    await recorder.attempt('scripts', 'none', async () => recorder.add(await measureScripts(options.scale)));
  }
  // The designer runs in a browser against a product of its own on PGlite (its figures are the
  // browser's, not a database's), so it is not repeated per database.
  if (options.scenarios.includes('designer')) {
    await recorder.attempt('designer', 'none', async () => recorder.add(await measureDesigner(options.scale.designer, registry, options.profileDir)));
  }
  const databaseScenarios = options.scenarios.filter((s) => s !== 'scripts' && s !== 'designer' && s !== 'processes');
  for (const kind of databaseScenarios.length > 0 ? options.databases : []) {
    const description = await recorder.attempt('setup', kind, () => runOnDatabase(kind, options, registry, recorder));
    if (description) databases[kind] = description;
  }
  // N runtime processes on one PostgreSQL database of their own (issue 17 item 8): after the
  // per-database scenarios, so it changes nothing in theirs.
  if (options.scenarios.includes('processes')) {
    await recorder.attempt('processes', 'postgres', async () => recorder.add(await measureProcesses(options, registry)));
  }
} finally {
  await cleanUp();
}

const file = writeResults({
  date,
  mode: options.mode,
  machine,
  loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
  databases,
  scale: options.scale,
  figures: recorder.figures,
  failures: recorder.failures,
  durationS: Math.round((Date.now() - started) / 100) / 10,
}, runSelection(options));
if (options.profileDir) summarizeProfiles(options.profileDir);
const missed = recorder.figures.filter((f) => f.met === false).length;
console.log(`\n${recorder.figures.length} figures, ${missed} goals missed, ${recorder.failures.length} scenarios failed, ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${file}`);
process.exit(recorder.failures.length > 0 ? 1 : 0);
