import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readBuiltStamp, REPO_ROOT, UI_STAMP_FILE, uiDistDir, uiSourceStamp } from '../http/ui-build-stamp.reader.js';

/*
 * `npm run build:ui` (always builds) and the first half of `npm start` (`--if-stale`: builds only
 * when the sources' stamp differs from the built one). The stamp is taken BEFORE the build and
 * written after it succeeds, so a build interrupted half-way has no stamp (never served), and
 * sources edited during the build leave a stamp that no longer matches (rebuilt next time). The
 * build goes to a folder of its own and replaces dist/ by rename, so a runtime serving dist/ (or a
 * second build) never sees half a build.
 */

export function ensureUiBuild(options: { force: boolean; root?: string; log?: (line: string) => void }): 'built' | 'fresh' {
  const root = options.root ?? REPO_ROOT;
  const log = options.log ?? ((line: string) => console.log(line));
  const distDir = uiDistDir(root);
  const stamp = uiSourceStamp(root);
  if (!options.force && readBuiltStamp(distDir) === stamp) return 'fresh';
  log('Building the UI (builder-ui) ...');
  const started = Date.now();
  const building = `${distDir}.building-${process.pid}`;
  const old = `${distDir}.old-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', 'builder-ui', '--', '--outDir', building, '--emptyOutDir'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    if (result.stdout) process.stdout.write(result.stdout);
    rmSync(building, { recursive: true, force: true });
    throw new Error(`The UI build failed (exit ${result.status ?? result.signal}); see the output above.`);
  }
  writeFileSync(path.join(building, UI_STAMP_FILE), `${JSON.stringify({ stamp, builtAt: new Date().toISOString() })}\n`);
  if (existsSync(distDir)) renameSync(distDir, old);
  renameSync(building, distDir);
  rmSync(old, { recursive: true, force: true });
  log(`Built the UI in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 'built';
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    ensureUiBuild({ force: !process.argv.includes('--if-stale') });
  } catch (error: unknown) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
