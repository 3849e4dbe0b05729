import { describe, expect, it } from 'vitest';
import { installGracefulStop } from './graceful-stop.factory.js';

describe('graceful stop', () => {
  it('a stop that outlives its grace period hands back what is in flight, then ends the process on time', async () => {
    const events: Array<[string, number]> = [];
    const started = Date.now();
    const forced = new Promise<void>((resolve) => {
      const stop = installGracefulStop({
        graceMs: 400,
        close: () => new Promise<void>(() => undefined), // a step that never settles
        handBack: async () => {
          events.push(['hand back', Date.now() - started]);
        },
        log: () => undefined,
        exit: (code) => events.push([`exit ${code}`, Date.now() - started]),
        forceExit: () => {
          events.push(['force exit', Date.now() - started]);
          stop.dispose();
          resolve();
        },
      });
      stop.stop('SIGTERM');
    });
    await forced;
    expect(events.map(([what]) => what)).toEqual(['hand back', 'force exit']);
    const [[, handedBackAt], [, forcedAt]] = events as [[string, number], [string, number]];
    // In the last quarter of the grace period, and the process still ends when it runs out.
    expect(handedBackAt).toBeGreaterThanOrEqual(290);
    expect(handedBackAt).toBeLessThan(forcedAt);
    expect(forcedAt).toBeLessThan(400 + 200);
  });

  it('a stop that finishes in time hands nothing back', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve) => {
      const stop = installGracefulStop({
        graceMs: 300,
        close: async () => undefined,
        handBack: async () => {
          events.push('hand back');
        },
        log: () => undefined,
        exit: (code) => {
          events.push(`exit ${code}`);
          stop.dispose();
          resolve();
        },
        forceExit: () => events.push('force exit'),
      });
      stop.stop('SIGTERM');
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(events).toEqual(['exit 0']);
  });
});
