import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/*
 * --profile for the designer: a Chromium performance trace and a CPU profile of the drag on the big
 * process, saved beside the other profiles, and the trace's renderer main thread summed by event
 * name (self time: a child's time is taken out of its parent's), so paint and compositing show next
 * to script and microtasks (Vue's updates), which Performance.getMetrics does not split out.
 */

interface TraceEvent {
  name?: string;
  ph?: string;
  dur?: number;
  ts?: number;
  pid?: number;
  tid?: number;
  args?: { name?: string };
}

function isTraceEvent(value: unknown): value is TraceEvent {
  return typeof value === 'object' && value !== null;
}

/** Self ms by event name on the renderer's main thread(s), largest first. */
export function mainThreadSelfTimes(events: readonly TraceEvent[]): Array<{ name: string; ms: number; count: number }> {
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const complete = events
    .filter((e) => e.ph === 'X' && typeof e.dur === 'number' && typeof e.ts === 'number' && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? 0) - (a.dur ?? 0));
  const totals = new Map<string, { ms: number; count: number }>();
  // A stack of open events per thread: each event's duration is taken from its innermost parent.
  const stacks = new Map<string, Array<{ name: string; end: number; self: number }>>();
  const close = (frame: { name: string; self: number }): void => {
    const total = totals.get(frame.name) ?? { ms: 0, count: 0 };
    totals.set(frame.name, { ms: total.ms + frame.self / 1000, count: total.count + 1 });
  };
  for (const event of complete) {
    const key = `${event.pid}:${event.tid}`;
    const stack = stacks.get(key) ?? [];
    stacks.set(key, stack);
    const start = event.ts ?? 0;
    const dur = event.dur ?? 0;
    while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= start) {
      const done = stack.pop();
      if (done) close(done);
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= dur;
    stack.push({ name: event.name ?? '?', end: start + dur, self: dur });
  }
  for (const stack of stacks.values()) for (const frame of stack) close(frame);
  return [...totals.entries()].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.ms - a.ms);
}

/** Runs `work` under a trace of `page`; writes the trace to `dir` and returns the top of its main thread. */
export async function traced<T>(browser: Browser, page: Page, dir: string, file: string, work: () => Promise<T>): Promise<{ result: T; top: string[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const tracePath = path.join(dir, file);
  // And a CPU profile of the page's JavaScript (.cpuprofile: bench.ts summarizes it with the others).
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', 'gpu', '__metadata'] });
  await session.send('Profiler.start');
  const result = await work();
  const { profile } = await session.send('Profiler.stop');
  await browser.stopTracing();
  await session.detach();
  fs.writeFileSync(path.join(dir, file.replace(/\.trace\.json$/, '.cpuprofile')), JSON.stringify(profile));
  const parsed: unknown = JSON.parse(fs.readFileSync(tracePath, 'utf8'));
  const list: unknown[] = Array.isArray(parsed) ? parsed : isTraceEvent(parsed) && Array.isArray(Reflect.get(parsed, 'traceEvents')) ? Reflect.get(parsed, 'traceEvents') : [];
  const top = mainThreadSelfTimes(list.filter(isTraceEvent))
    .slice(0, 12)
    .map((t) => `${t.ms.toFixed(1).padStart(8)} ms  ${String(t.count).padStart(6)}×  ${t.name}`);
  return { result, top };
}
