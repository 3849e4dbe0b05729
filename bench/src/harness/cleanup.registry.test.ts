import { describe, expect, it } from 'vitest';
import { CleanupRegistry } from './cleanup.registry.js';

describe('cleanup registry', () => {
  it('undoes newest first and goes on past a failing step', async () => {
    const registry = new CleanupRegistry();
    const done: string[] = [];
    registry.add('database', async () => void done.push('database'));
    registry.add('broken', async () => {
      throw new Error('boom');
    });
    registry.add('child', async () => void done.push('child'));
    const failures = await registry.runAll();
    expect(done).toEqual(['child', 'database']);
    expect(failures).toEqual(['broken: boom']);
    expect(registry.pending).toBe(0);
  });

  it('runs a step removed early exactly once', async () => {
    const registry = new CleanupRegistry();
    let runs = 0;
    const remove = registry.add('child', async () => void (runs += 1));
    await remove();
    await remove();
    await registry.runAll();
    expect(runs).toBe(1);
  });
});
