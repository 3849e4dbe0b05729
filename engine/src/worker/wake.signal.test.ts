import { describe, expect, it } from 'vitest';
import { createWakeSignal, nextClaimSize } from './wake.signal.js';

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

describe('wake signal', () => {
  it('a wake-up that came while the loop was looking for work cuts its sleep short', async () => {
    const signal = createWakeSignal();
    const ticket = signal.ticket();
    signal.wake(); // the NOTIFY arrives while the claim query runs
    expect(await settlesWithin(signal.sleep(60_000, ticket), 50)).toBe(true);
  });

  it('a wake-up rouses one sleeping loop, the one asleep longest; wakeAll rouses every one', async () => {
    const signal = createWakeSignal();
    const first = signal.sleep(60_000, signal.ticket());
    const second = signal.sleep(60_000, signal.ticket());
    const third = signal.sleep(60_000, signal.ticket());
    signal.wake();
    expect(await settlesWithin(first, 50)).toBe(true);
    expect(await settlesWithin(second, 50)).toBe(false);
    signal.wakeAll();
    expect(await settlesWithin(Promise.all([second, third]).then(() => undefined), 50)).toBe(true);
  });

  it('without a wake-up a loop sleeps its time, and an old wake-up does not wake a new sleep', async () => {
    const signal = createWakeSignal();
    signal.wake();
    const started = Date.now();
    expect(await settlesWithin(signal.sleep(60_000, signal.ticket()), 80)).toBe(false);
    await signal.sleep(30, signal.ticket());
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe('claim size', () => {
  it('asks for one job while the queue is short and doubles while it gets all it asked for, up to the batch size', () => {
    const asks = [1];
    for (let i = 0; i < 5; i += 1) asks.push(nextClaimSize(asks.at(-1) ?? 1, asks.at(-1) ?? 1, 8));
    expect(asks).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('falls back to one when it got fewer than it asked for, or none', () => {
    expect(nextClaimSize(8, 3, 8)).toBe(1);
    expect(nextClaimSize(4, 0, 8)).toBe(1);
    expect(nextClaimSize(1, 1, 1)).toBe(1);
  });
});
