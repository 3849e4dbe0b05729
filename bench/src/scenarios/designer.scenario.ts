import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Scale } from '../bench.options.js';
import { REPO_ROOT } from '../harness/bench-child.process.js';
import { createPgliteTarget } from '../harness/bench.database.js';
import type { CleanupRegistry } from '../harness/cleanup.registry.js';
import { summarize } from '../harness/latency.stats.js';
import { signIn, type ApiClient } from '../harness/api.client.js';
import { BENCH_ADMIN_PASSWORD, startRuntime, type RuntimeProcess } from '../harness/runtime.child.js';
import { progress } from '../report/figure.recorder.js';
import { figure, type Figure } from '../report/figure.types.js';
import { ADMIN_EMAIL } from '../setup/crm.setup.js';
import { designerProcess } from '../setup/designer.process.js';
import { dragWithFrames, type DragResult } from './designer.drag.js';
import { traced } from './designer.trace.js';

/*
 * Issue 12 item 14: a process of 300 nodes in the designer, in Debian's Chromium (playwright-core,
 * headless) against the product serving its built UI on PGlite.
 *
 *   load   a full page load of /builder/processes/<name>: from navigation start (the page's
 *          performance.now() origin) to every node of the process on the canvas with its size
 *          measured (Vue Flow hides a node until then) and every edge drawn. Median of `loads` loads.
 *          After each, untimed, the page finishes validating the draft and draws its problems
 *          (settled, below) before the next load or the drag begins.
 *   drag   a node dragged with the mouse in `dragSteps` moves. The frame time of a move: from its
 *          pointermove reaching the page to the end of the animation frame that shows it
 *          (handlers, Vue's update, style, layout, paint on the main thread), p50 and p95. The
 *          interval between animation frames is recorded too (in the note): Chromium runs with its
 *          60 Hz cap lifted (--disable-frame-rate-limit --disable-gpu-vsync), so an interval is the
 *          time the browser took for the frame, not the display's fixed 16.7 ms; idle frames
 *          between moves are short there, which is why the goal is judged per move.
 *          Then Ctrl+Z must put the node back (said in the note and the progress line). The figure
 *          is this first drag after the loads, begun once the page has settled; the same drag done
 *          again on the same page (after the undo has settled) is in the note (its first moves are
 *          not Chromium's first time through the work).
 *   baseline  the same measures on a 10-node process of the same shape in the same browser.
 */

const VIEWPORT = { width: 1366, height: 768 };
/** The page's errors, named when a load fails. */
const pageErrors: string[] = [];
const BIG = 'bench_designer_big';
const SMALL = 'bench_designer_small';

interface DesignerMeasure {
  nodes: number;
  loadMs: number[];
  /** The first drag after the loads: the figure. */
  drag: DragResult;
  /** The same drag once more on the same page: in the note only. */
  again: DragResult;
}

/**
 * Builds the UI if its stamp is stale (the runtime serves builder-ui/dist only when it is fresh).
 * Vite refuses a second build of the project at a time: when another one (a test run's) holds
 * it, this waits for it and tries again.
 */
async function buildUiIfStale(): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const result = spawnSync(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/cli/ui-build.cli.ts', '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status === 0) return;
    const output = `${result.stdout}\n${result.stderr}`;
    if (!output.includes('Found another Vite build process') || attempt >= 12) throw new Error(`building the UI failed (${result.status}):\n${output}`);
    progress('designer: another UI build is running; waiting for it');
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

async function servesUi(baseUrl: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/builder`);
  await res.text();
  return res.ok && (res.headers.get('content-type') ?? '').includes('text/html');
}

/**
 * Others may edit the UI's sources in this working tree while the bench runs, so the build can be
 * stale again by the time the product starts: then it is rebuilt and the product restarted (a few
 * times at most).
 */
async function productWithUi(registry: CleanupRegistry): Promise<RuntimeProcess> {
  const target = await createPgliteTarget(registry);
  for (let attempt = 0; ; attempt += 1) {
    await buildUiIfStale();
    const product = await startRuntime(target, { name: 'designer product', workers: 0 }, registry);
    if (await servesUi(product.baseUrl)) return product;
    await product.stop();
    progress(`designer: the UI's sources changed while the product started; building again`);
    if (attempt >= 3) throw new Error('the product does not serve the built UI (its build stamp keeps going stale)');
  }
}

async function putProcesses(admin: ApiClient, scale: Scale['designer']): Promise<void> {
  const draft = await admin.get<{ processes?: unknown[] }>('/api/definitions/draft');
  const processes = [...(draft.processes ?? []), designerProcess(BIG, scale.nodes), designerProcess(SMALL, scale.baselineNodes)];
  await admin.json('PUT', '/api/definitions/draft?allowIssues=1', { body: { ...draft, processes } });
}

/** Opens the process in a full page load; ms from navigation start to every node shown and every edge drawn. */
async function loadProcess(page: Page, name: string, nodes: number): Promise<number> {
  // The trigger is a node of the canvas too.
  const expected = { nodes: nodes + 1, edges: designerProcess(name, nodes).edges.length };
  await page.goto(`/builder/processes/${name}`, { waitUntil: 'commit' });
  const shown = await page
    .waitForFunction(
      (count) => {
        const doc = Reflect.get(globalThis, 'document');
        const all: ArrayLike<{ style: { visibility: string } }> = doc.querySelectorAll('.vue-flow__node');
        if (all.length < count.nodes || doc.querySelectorAll('.vue-flow__edge').length < count.edges) return false;
        for (let i = 0; i < all.length; i += 1) if (all[i]?.style.visibility === 'hidden') return false;
        return performance.now();
      },
      expected,
      { polling: 'raf', timeout: 60_000 },
    )
    .catch(async (error: unknown) => {
      const seen = await page.evaluate(() => {
        const doc = Reflect.get(globalThis, 'document');
        const all: Array<{ style: { visibility: string } }> = [...doc.querySelectorAll('.vue-flow__node')];
        return { nodes: all.length, hidden: all.filter((n) => n.style.visibility === 'hidden').length, edges: doc.querySelectorAll('.vue-flow__edge').length, text: String(doc.body.innerText).slice(0, 400) };
      });
      throw new Error(`${name}: waiting for ${expected.nodes} nodes and ${expected.edges} edges at ${page.url()}, saw ${JSON.stringify(seen)}; page errors: ${pageErrors.slice(-5).join(' | ') || 'none'}: ${String(error)}`);
    });
  const ms = await shown.jsonValue();
  if (typeof ms !== 'number') throw new Error(`${name}: the process never showed`);
  await settled(page, name);
  return ms;
}

/*
 * Untimed, after a load: the page finishes what opening it started (the draft's validation in its
 * worker, then the problems drawn on the nodes) before the bench goes on. Without this the next
 * load began while the last page's worker still validated, and the drag's first moves shared the
 * two cores with it: each figure then measured some of the page before it.
 */
async function settled(page: Page, name: string): Promise<void> {
  await page
    .waitForFunction(() => Reflect.get(globalThis, 'document').querySelector('[data-designer][data-checking="false"]') !== null, undefined, { polling: 'raf', timeout: 30_000 })
    .catch((error: unknown) => {
      throw new Error(`${name}: the draft's validation never finished (no [data-designer][data-checking="false"]): ${String(error)}`);
    });
  // Two frames: the answer's problems are drawn before the next step begins.
  await page.evaluate(() => {
    const requestAnimationFrame: (callback: () => void) => number = Reflect.get(globalThis, 'requestAnimationFrame');
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(undefined))));
  });
}

/** With --profile, the drag of the big process is traced (designer.trace.ts). */
interface Tracing {
  browser: Browser;
  dir: string;
}

async function measureProcess(page: Page, name: string, nodes: number, scale: Scale['designer'], tracing: Tracing | null = null): Promise<DesignerMeasure> {
  const loadMs: number[] = [];
  for (let i = 0; i < scale.loads; i += 1) loadMs.push(await loadProcess(page, name, nodes));
  if (tracing) {
    // One more load, traced: not counted, as tracing slows the page.
    const run = await traced(tracing.browser, page, tracing.dir, `designer-load-${nodes}-nodes.trace.json`, () => loadProcess(page, name, nodes));
    progress(`designer: trace of a ${nodes}-node load (${run.result.toFixed(0)} ms traced); the page's main thread by event (self time):\n${run.top.map((line) => `      ${line}`).join('\n')}`);
  }
  let drag: DragResult;
  if (tracing) {
    const run = await traced(tracing.browser, page, tracing.dir, `designer-drag-${nodes}-nodes.trace.json`, () => dragWithFrames(page, scale.dragSteps));
    drag = run.result;
    progress(`designer: trace of the ${nodes}-node drag in ${tracing.dir}; the page's main thread by event (self time):\n${run.top.map((line) => `      ${line}`).join('\n')}`);
  } else drag = await dragWithFrames(page, scale.dragSteps);
  /*
   * The figure is the first drag after the load, as a person's first drag on the page would be. Its
   * first twenty or so moves are the slow ones (Chromium's and V8's first time through this work);
   * the same drag again, on the same page, is reported beside it so the two are told apart.
   */
  await settled(page, name);
  const again = await dragWithFrames(page, scale.dragSteps);
  // The undo's validation too, before the next process loads.
  await settled(page, name);
  progress(`designer: ${nodes} nodes: loads ${loadMs.map((ms) => ms.toFixed(0)).join(', ')} ms; drag of ${drag.steps} moves (${drag.moves.length} pointer moves seen), ${drag.frames.length} frames, node moved ${drag.movedPx.toFixed(0)} px, undo ${drag.undone ? 'put it back' : 'did NOT put it back'}; ${busy(drag)}; moves ms ${drag.moves.map((ms) => ms.toFixed(0)).join(' ')}; the same drag again: ${again.moves.map((ms) => ms.toFixed(0)).join(' ')}`);
  return { nodes, loadMs, drag, again };
}

function median(values: number[]): number {
  return summarize(values).p50;
}

export async function measureDesigner(scale: Scale['designer'], registry: CleanupRegistry, profileDir: string | null = null): Promise<Figure[]> {
  const product = await productWithUi(registry);
  let browser: Browser | null = null;
  try {
    const admin = await signIn(product.baseUrl, ADMIN_EMAIL, BENCH_ADMIN_PASSWORD);
    await putProcesses(admin, scale);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-frame-rate-limit', '--disable-gpu-vsync'],
    });
    const open = browser;
    registry.add('close the designer bench browser', () => open.close());
    // Under the UI's real Content-Security-Policy, as the browser tests run.
    const context = await browser.newContext({ baseURL: product.baseUrl, viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US' });
    // tsx (esbuild, keepNames) wraps the functions the bench hands to page.evaluate in __name(...).
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto('/builder');
    await page.waitForURL(/\/sign-in/);
    await page.locator('#email').fill(ADMIN_EMAIL);
    await page.locator('#password').fill(BENCH_ADMIN_PASSWORD);
    await page.locator('form[data-form="sign-in"] button[type="submit"]').click();
    // The sign-in page's own address ends in ?next=/builder: wait for the path itself.
    await page.waitForURL((url) => url.pathname === '/builder');
    // One untimed load first, so neither side pays for the first compile of the bundle.
    await loadProcess(page, SMALL, scale.baselineNodes);
    const small = await measureProcess(page, SMALL, scale.baselineNodes, scale);
    const big = await measureProcess(page, BIG, scale.nodes, scale, profileDir ? { browser, dir: profileDir } : null);
    return designerFigures(big, small);
  } finally {
    await browser?.close();
    await product.stop();
  }
}

function busy(drag: DragResult): string {
  const m = drag.mainThread;
  return `tasks ${m.task.toFixed(0)} ms: script ${m.script.toFixed(0)}, style ${m.style.toFixed(0)}, layout ${m.layout.toFixed(0)} ms (${m.layouts} layouts)`;
}

function designerFigures(big: DesignerMeasure, small: DesignerMeasure): Figure[] {
  const baselineName = `the same on ${small.nodes} nodes`;
  const bigMoves = summarize(big.drag.moves);
  const smallMoves = summarize(small.drag.moves);
  const bigAgain = summarize(big.again.moves);
  const smallAgain = summarize(small.again.moves);
  const bigFrames = summarize(big.drag.frames);
  const smallFrames = summarize(small.drag.frames);
  const scenario = 'designer';
  return [
    figure({
      scenario,
      db: 'none',
      metric: `load ms (${big.nodes} nodes)`,
      value: median(big.loadMs),
      baseline: median(small.loadMs),
      baselineName,
      goal: { text: '< 1000 ms', on: 'value', kind: 'max', limit: 1000 },
      note: `full page load to every node shown and every edge drawn, median of ${big.loadMs.length}: ${big.loadMs.map((ms) => ms.toFixed(0)).join(', ')} ms (baseline ${small.loadMs.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
    }),
    figure({ scenario, db: 'none', metric: `drag frame p50 ms (${big.nodes} nodes)`, value: bigMoves.p50, baseline: smallMoves.p50, baselineName }),
    figure({
      scenario,
      db: 'none',
      metric: `drag frame p95 ms (${big.nodes} nodes)`,
      value: bigMoves.p95,
      baseline: smallMoves.p95,
      baselineName,
      goal: { text: '< 16 ms', on: 'value', kind: 'max', limit: 16 },
      note:
        `per pointer move, its handling to the end of the frame showing it: ${bigMoves.count} moves, max ${bigMoves.max.toFixed(1)} ms (baseline ${smallMoves.max.toFixed(1)}); ` +
        `animation-frame intervals during the drag (60 Hz cap lifted): ${bigFrames.count} frames, p95 ${bigFrames.p95.toFixed(1)} ms, max ${bigFrames.max.toFixed(1)} ` +
        `(baseline ${smallFrames.count} frames, p95 ${smallFrames.p95.toFixed(1)}, max ${smallFrames.max.toFixed(1)}); ` +
        `main thread during the drag: ${busy(big.drag)} (baseline ${busy(small.drag)}); ` +
        `undo of the drag ${big.drag.undone ? 'put the node back' : 'did NOT put the node back'}; ` +
        `the same drag again on the same page (not the figure): p50 ${bigAgain.p50.toFixed(1)}, p95 ${bigAgain.p95.toFixed(1)}, max ${bigAgain.max.toFixed(1)} ms (baseline p95 ${smallAgain.p95.toFixed(1)})`,
    }),
  ];
}
