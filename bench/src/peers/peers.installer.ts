import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/bench-child.process.js';

/*
 * The peers are installed from npm into bench/.peers (git-ignored, never committed) the first time
 * a bench needs them, at pinned versions, and reused after. Node-RED 4.1 is the newest line that
 * runs on Node 20 (5.x wants Node 22). The maintained PostgreSQL node (node-red-contrib-postgresql)
 * is not on the registry this machine reaches, and the older ones pin pg 6 or 7, which hang on
 * Node 14 and later; so the flow reaches PostgreSQL the way a Node-RED function node is given any
 * library: node-postgres (pg) through functionGlobalContext in settings.js.
 */

export const PEERS_DIR = path.join(REPO_ROOT, 'bench', '.peers');
export const PEER_VERSIONS = { 'node-red': '4.1.15', pg: '8.16.3' } as const;

function installedVersion(name: string): string | null {
  try {
    const manifest: { version?: string } = JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8'));
    return manifest.version ?? null;
  } catch {
    return null;
  }
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-3000)}`));
    });
  });
}

let installing: Promise<boolean> | null = null;

/** Makes sure the pinned peers are in bench/.peers (once per bench); resolves to whether it had to install them. */
export function ensurePeers(): Promise<boolean> {
  installing ??= install();
  return installing;
}

async function install(): Promise<boolean> {
  const wanted = Object.entries(PEER_VERSIONS);
  if (wanted.every(([name, version]) => installedVersion(name) === version)) return false;
  fs.mkdirSync(PEERS_DIR, { recursive: true });
  const manifest = { name: 'crm-bench-peers', private: true, description: 'Installed by the bench (bench/src/peers); never committed.', dependencies: Object.fromEntries(wanted) };
  fs.writeFileSync(path.join(PEERS_DIR, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', '--ignore-scripts'], PEERS_DIR);
  return true;
}
