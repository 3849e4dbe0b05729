import { describe, expect, it } from 'vitest';
import { createAuthCache, parseAuthChange, type AuthCacheOptions } from './auth.cache.js';

interface Value {
  userId: string;
  label: string;
}

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const ANN = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

/** A cache that is listening, and a loader that counts its database reads. */
function setup(options: AuthCacheOptions = {}) {
  const cache = createAuthCache<Value, Value, Value>(options);
  cache.setActive(true);
  const reads: string[] = [];
  const loader = (key: string, value: Value | null) => async () => {
    reads.push(key);
    return value;
  };
  return { cache, reads, loader };
}

describe('auth cache', () => {
  it('asks the database every time while nothing listens for changes', async () => {
    const { cache, reads, loader } = setup();
    cache.setActive(false);
    await cache.sessions.through(HASH_A, loader(HASH_A, { userId: ANN, label: 'ann' }));
    await cache.sessions.through(HASH_A, loader(HASH_A, { userId: ANN, label: 'ann' }));
    expect(reads).toEqual([HASH_A, HASH_A]);
    expect(cache.sessions.size).toBe(0);
  });

  it('answers a second request from memory, but never remembers an unknown credential', async () => {
    const { cache, reads, loader } = setup();
    const first = await cache.sessions.through(HASH_A, loader(HASH_A, { userId: ANN, label: 'ann' }));
    const second = await cache.sessions.through(HASH_A, loader(HASH_A, { userId: ANN, label: 'changed' }));
    expect(second).toBe(first);
    await cache.sessions.through(HASH_B, loader(HASH_B, null));
    await cache.sessions.through(HASH_B, loader(HASH_B, null));
    expect(reads).toEqual([HASH_A, HASH_B, HASH_B]);
  });

  it('does not remember a load its caller asked it not to (inside a transaction)', async () => {
    const { cache, reads, loader } = setup();
    await cache.subjects.through(ANN, loader(ANN, { userId: ANN, label: 'ann' }), false);
    await cache.subjects.through(ANN, loader(ANN, { userId: ANN, label: 'ann' }));
    expect(reads).toEqual([ANN, ANN]);
  });

  it('drops exactly what each change names', async () => {
    const { cache, reads, loader } = setup();
    const fill = async () => {
      await cache.sessions.through(HASH_A, loader('s-ann', { userId: ANN, label: 's' }));
      await cache.sessions.through(HASH_B, loader('s-bob', { userId: BOB, label: 's' }));
      await cache.apiTokens.through(HASH_A, loader('t-ann', { userId: ANN, label: 't' }));
      await cache.subjects.through(ANN, loader('u-ann', { userId: ANN, label: 'u' }));
      await cache.subjects.through(BOB, loader('u-bob', { userId: BOB, label: 'u' }));
    };
    const cases = [
      { change: parseAuthChange(`session:${HASH_A}`), reloaded: ['s-ann'] },
      { change: parseAuthChange(`api-token:${HASH_A}`), reloaded: ['t-ann'] },
      { change: parseAuthChange(`user:${ANN}`), reloaded: ['s-ann', 't-ann', 'u-ann'] },
      { change: parseAuthChange('subjects'), reloaded: ['u-ann', 'u-bob'] },
      { change: parseAuthChange('all'), reloaded: ['s-ann', 's-bob', 't-ann', 'u-ann', 'u-bob'] },
    ];
    for (const { change, reloaded } of cases) {
      await fill();
      reads.length = 0;
      cache.invalidate(change);
      await fill();
      expect(reads, change.kind).toEqual(reloaded);
    }
  });

  it('does not remember an answer loaded while a change came in (it may predate the change)', async () => {
    const { cache, reads } = setup();
    let finish: (value: Value) => void = () => undefined;
    const slow = cache.subjects.through(
      ANN,
      () =>
        new Promise<Value>((resolve) => {
          reads.push('slow');
          finish = resolve;
        }),
    );
    cache.invalidate({ kind: 'user', userId: ANN });
    finish({ userId: ANN, label: 'before the change' });
    expect((await slow)?.label).toBe('before the change');
    const next = await cache.subjects.through(ANN, async () => {
      reads.push('fresh');
      return { userId: ANN, label: 'after' };
    });
    expect(next?.label).toBe('after');
    expect(reads).toEqual(['slow', 'fresh']);
  });

  it('forgets entries after their time to live and keeps only the most recently used', async () => {
    let now = 1_000;
    const { cache, reads, loader } = setup({ ttlMs: 100, maxEntries: 2, now: () => now });
    await cache.sessions.through('1', loader('1', { userId: ANN, label: '1' }));
    now += 99;
    await cache.sessions.through('1', loader('1', { userId: ANN, label: '1' }));
    now += 1;
    await cache.sessions.through('1', loader('1', { userId: ANN, label: '1' }));
    expect(reads).toEqual(['1', '1']);

    reads.length = 0;
    await cache.sessions.through('2', loader('2', { userId: ANN, label: '2' }));
    await cache.sessions.through('1', loader('1', { userId: ANN, label: '1' }));
    await cache.sessions.through('3', loader('3', { userId: ANN, label: '3' }));
    expect(cache.sessions.size).toBe(2);
    await cache.sessions.through('1', loader('1', { userId: ANN, label: '1' }));
    await cache.sessions.through('2', loader('2', { userId: ANN, label: '2' }));
    // '2' was the least recently used when '3' came in, so only it was read again.
    expect(reads).toEqual(['2', '3', '2']);
  });

  it('empties itself when it stops listening', async () => {
    const { cache, reads, loader } = setup();
    await cache.sessions.through(HASH_A, loader(HASH_A, { userId: ANN, label: 'ann' }));
    cache.setActive(false);
    cache.setActive(true);
    await cache.sessions.through(HASH_A, loader(HASH_A, { userId: ANN, label: 'ann' }));
    expect(reads).toEqual([HASH_A, HASH_A]);
  });

  it('reads every payload the triggers send, and treats anything else as "drop everything"', () => {
    expect(parseAuthChange(`session:${HASH_A}`)).toEqual({ kind: 'session', tokenHash: HASH_A });
    expect(parseAuthChange(`api-token:${HASH_B}`)).toEqual({ kind: 'api-token', tokenHash: HASH_B });
    expect(parseAuthChange(`user:${ANN.toUpperCase()}`)).toEqual({ kind: 'user', userId: ANN });
    expect(parseAuthChange('subjects')).toEqual({ kind: 'subjects' });
    for (const odd of ['', 'all', 'session:nothex', 'user:42', 'subjects:x', 'future-kind:1']) expect(parseAuthChange(odd)).toEqual({ kind: 'all' });
  });
});
