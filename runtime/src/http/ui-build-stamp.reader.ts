import crypto from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The built UI (builder-ui/dist) carries a stamp: a hash of everything the build is made from (the
 * UI's sources and config, the schemas it imports types from, the lock file). `npm start` rebuilds
 * when the stamp differs from the sources (cli/ui-build.cli.ts), and the runtime serves a build
 * only when its stamp matches the sources it runs with, so a stale or half-written build is never
 * what a person sees.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const UI_STAMP_FILE = 'build-stamp.json';

/** Inputs of the UI build, relative to the repository root; folders are walked. */
const STAMP_INPUTS = ['builder-ui', 'schemas/src', 'schemas/generated', 'schemas/json', 'schemas/package.json', 'package-lock.json', 'tsconfig.json'];
/** Never part of what the build reads: its output, installed packages, tests, docs, screenshots. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'screenshots']);
const SKIPPED_FILE = /(\.test\.ts|\.md)$/;

function walk(root: string, relative: string, into: string[]): void {
  const full = path.join(root, relative);
  if (!existsSync(full)) return;
  if (statSync(full).isFile()) {
    if (!SKIPPED_FILE.test(relative)) into.push(relative);
    return;
  }
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    // dist.building-<pid> / dist.old-<pid>: a build in progress (cli/ui-build.cli.ts).
    // By name, whatever the entry is: a node_modules linked in (pnpm, a second work tree) is skipped too.
    if (SKIPPED_DIRS.has(entry.name) || (entry.isDirectory() && entry.name.startsWith('dist.'))) continue;
    walk(root, path.join(relative, entry.name), into);
  }
}

/** The hash of the UI build's inputs under `root`: same sources, same stamp, on any machine. */
export function uiSourceStamp(root: string = REPO_ROOT): string {
  const files: string[] = [];
  for (const input of STAMP_INPUTS) walk(root, input, files);
  const hash = crypto.createHash('sha256');
  for (const file of files.map((f) => f.split(path.sep).join('/')).sort()) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export type UiBuildState =
  | { kind: 'fresh'; distDir: string; stamp: string }
  | { kind: 'missing' | 'stale'; distDir: string; message: string };

export function uiDistDir(root: string = REPO_ROOT): string {
  return path.join(root, 'builder-ui', 'dist');
}

/** The stamp a build recorded, or null when there is no (complete) build: the stamp is written last. */
export function readBuiltStamp(distDir: string): string | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(distDir, UI_STAMP_FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'stamp' in parsed && typeof parsed.stamp === 'string' ? parsed.stamp : null;
  } catch {
    return null;
  }
}

/** Whether the build in `distDir` may be served: built, completely, from exactly these sources. */
export function readUiBuild(root: string = REPO_ROOT, distDir: string = uiDistDir(root)): UiBuildState {
  const built = readBuiltStamp(distDir);
  if (built === null || !existsSync(path.join(distDir, 'index.html'))) {
    return { kind: 'missing', distDir, message: `The UI is not built (${distDir}); \`npm start\` builds it, or run \`npm run build:ui\`.` };
  }
  const stamp = uiSourceStamp(root);
  if (built !== stamp) {
    return {
      kind: 'stale',
      distDir,
      message: `The UI build in ${distDir} was made from other sources than these; it is not served. \`npm start\` rebuilds it, or run \`npm run build:ui\`.`,
    };
  }
  return { kind: 'fresh', distDir, stamp };
}
