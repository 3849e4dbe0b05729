import type { Page } from 'playwright-core';

/*
 * Drags a node of the open process with the mouse while the page records, with performance.now(),
 * how long each pointer move takes to reach the screen and the interval between animation frames,
 * then undoes the drag with Ctrl+Z. The page's code runs in Chromium; the bench's tsconfig has no DOM types, so
 * the page objects are reached through Reflect on globalThis.
 */

export interface DragResult {
  steps: number;
  /**
   * Per pointer move: ms from its handling to the end of the frame that shows it (the handlers,
   * Vue's update, style, layout and paint on the page's main thread).
   */
  moves: number[];
  /** ms between consecutive animation frames from the mouse press to the release (frame cap lifted, so idle frames are short). */
  frames: number[];
  /** How far the node's position moved on the canvas (transform), in px. */
  movedPx: number;
  /** Ctrl+Z put the node back where it was. */
  undone: boolean;
  /** Main-thread time of the page from the press to the release, by kind (Chromium's Performance.getMetrics), ms. */
  mainThread: { script: number; style: number; layout: number; task: number; layouts: number };
}

type Metrics = Map<string, number>;

/** Chromium counts these only while a session has the Performance domain enabled: one session spans the drag. */
async function metricsSession(page: Page): Promise<{ read(): Promise<Metrics>; close(): Promise<void> }> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  return {
    async read() {
      const { metrics: list } = await session.send('Performance.getMetrics');
      return new Map(list.map((m) => [m.name, m.value]));
    },
    close: () => session.detach(),
  };
}

function spent(before: Metrics, after: Metrics): DragResult['mainThread'] {
  const delta = (name: string, scale: number): number => ((after.get(name) ?? 0) - (before.get(name) ?? 0)) * scale;
  // The durations are in seconds, the counts plain.
  return { script: delta('ScriptDuration', 1000), style: delta('RecalcStyleDuration', 1000), layout: delta('LayoutDuration', 1000), task: delta('TaskDuration', 1000), layouts: delta('LayoutCount', 1) };
}

const DRAG_BY = { x: 180, y: 120 };

/** The id of the node nearest the canvas's centre (the trigger excepted), so it is on screen. */
async function nodeNearCentre(page: Page): Promise<string> {
  const id = await page.evaluate(() => {
    const doc = Reflect.get(globalThis, 'document');
    const canvas = doc.querySelector('[data-canvas]').getBoundingClientRect();
    const cx = canvas.left + canvas.width / 2;
    const cy = canvas.top + canvas.height / 2;
    let best: { id: string; distance: number } | null = null;
    for (const el of doc.querySelectorAll('.vue-flow__node')) {
      const id: string = el.getAttribute('data-id') ?? '';
      if (id === 'trigger' || id === '') continue;
      const r = el.getBoundingClientRect();
      const distance = Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy);
      if (!best || distance < best.distance) best = { id, distance };
    }
    return best?.id ?? null;
  });
  if (!id) throw new Error('no node to drag on the canvas');
  return id;
}

/** Where the node is drawn on the canvas: its offset (the designer places nodes by left / top), else Vue Flow's translate. */
async function nodeTransform(page: Page, id: string): Promise<{ x: number; y: number }> {
  const style = await page.locator(`.vue-flow__node[data-id="${id}"]`).evaluate((el) => {
    const s = Reflect.get(el, 'style');
    return { left: String(s.left), top: String(s.top), transform: String(s.transform) };
  });
  if (style.left.endsWith('px') && style.top.endsWith('px')) return { x: Number.parseFloat(style.left), y: Number.parseFloat(style.top) };
  const match = /translate\(\s*(-?[\d.]+)px\s*,\s*(-?[\d.]+)px\s*\)/.exec(style.transform);
  if (!match) throw new Error(`node ${id} has neither an offset nor a translate transform (${JSON.stringify(style)})`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const requestAnimationFrame: (callback: () => void) => number = Reflect.get(globalThis, 'requestAnimationFrame');
    const frames: number[] = [];
    const moves: number[] = [];
    const state = { on: true, frames, moves };
    Reflect.set(globalThis, '__benchFrames', state);
    let last = performance.now();
    const tick = (): void => {
      if (!state.on) return;
      const now = performance.now();
      state.frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(() => {
      last = performance.now();
      requestAnimationFrame(tick);
    });
    // Capturing on the window runs before Vue Flow's own handlers. A task queued from the next
    // animation frame runs once that frame's style, layout and paint are done.
    const win = Reflect.get(globalThis, 'window');
    win.addEventListener(
      'pointermove',
      () => {
        if (!state.on) return;
        const started = performance.now();
        requestAnimationFrame(() => setTimeout(() => state.moves.push(performance.now() - started), 0));
      },
      { capture: true, passive: true },
    );
  });
}

async function stopRecording(page: Page): Promise<{ frames: number[]; moves: number[] }> {
  // Let the last move's frame finish before reading.
  await page.evaluate(() => {
    const requestAnimationFrame: (callback: () => void) => number = Reflect.get(globalThis, 'requestAnimationFrame');
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  });
  return page.evaluate(() => {
    const state: { on: boolean; frames: number[]; moves: number[] } = Reflect.get(globalThis, '__benchFrames');
    state.on = false;
    return { frames: state.frames, moves: state.moves };
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `read` until `done` holds of its value or `timeoutMs` passed; the last value either way. */
async function settle<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

export async function dragWithFrames(page: Page, steps: number): Promise<DragResult> {
  const id = await nodeNearCentre(page);
  const node = page.locator(`.vue-flow__node[data-id="${id}"]`);
  const box = await node.boundingBox();
  if (!box) throw new Error(`node ${id} has no box`);
  const before = await nodeTransform(page, id);
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(box.height / 2, 14);
  await page.mouse.move(x, y);
  await startRecording(page);
  const metrics = await metricsSession(page);
  const metricsBefore = await metrics.read();
  await page.mouse.down();
  // One awaited move at a time: each returns once the page has taken the event, like a hand's
  // stream of pointer moves rather than a burst.
  for (let i = 1; i <= steps; i += 1) await page.mouse.move(x + (DRAG_BY.x * i) / steps, y + (DRAG_BY.y * i) / steps);
  await page.mouse.up();
  const { frames, moves } = await stopRecording(page);
  const mainThread = spent(metricsBefore, await metrics.read());
  await metrics.close();
  const moved = (p: { x: number; y: number }): number => Math.hypot(p.x - before.x, p.y - before.y);
  // The drop is a move intent through the draft: the node stays where it was dropped.
  const after = await settle(() => nodeTransform(page, id), (p) => moved(p) > 10, 5_000);
  if (moved(after) < 10) throw new Error(`node ${id} did not move with the mouse (transform ${JSON.stringify(before)} -> ${JSON.stringify(after)})`);
  await page.keyboard.press('Control+z');
  const back = await settle(() => nodeTransform(page, id), (p) => moved(p) < 1, 5_000);
  return { steps, moves, frames, movedPx: moved(after), undone: moved(back) < 1, mainThread };
}
