import { describe, expect, it } from 'vitest';
import { mainThreadSelfTimes } from './designer.trace.js';

describe('designer trace summary', () => {
  it('sums self time by event on the renderer main thread only, children taken out of their parents', () => {
    const events = [
      { ph: 'M', name: 'thread_name', pid: 1, tid: 10, args: { name: 'CrRendererMain' } },
      { ph: 'M', name: 'thread_name', pid: 1, tid: 11, args: { name: 'Compositor' } },
      { ph: 'X', name: 'RunTask', pid: 1, tid: 10, ts: 0, dur: 10_000 },
      { ph: 'X', name: 'RunMicrotasks', pid: 1, tid: 10, ts: 1_000, dur: 6_000 },
      { ph: 'X', name: 'Paint', pid: 1, tid: 10, ts: 2_000, dur: 1_000 },
      { ph: 'X', name: 'RunTask', pid: 1, tid: 10, ts: 20_000, dur: 2_000 },
      { ph: 'X', name: 'Paint', pid: 1, tid: 11, ts: 0, dur: 50_000 },
    ];
    expect(mainThreadSelfTimes(events)).toEqual([
      { name: 'RunTask', ms: 6, count: 2 },
      { name: 'RunMicrotasks', ms: 5, count: 1 },
      { name: 'Paint', ms: 1, count: 1 },
    ]);
  });
});
