import fs from 'node:fs';

/*
 * Loaded into a runtime child (`--expose-gc --import heap-probe.preload.ts`) only by tests that
 * measure memory. On SIGUSR2 it runs full garbage collections and appends what survived them to
 * the file named by CRM_TEST_HEAP_PROBE, one JSON line per probe. Without it a test can only read
 * VmRSS, which rises and falls with V8's collection schedule (on a large machine V8 may go a whole
 * test without a major collection), so a leak and a late collection looked the same.
 */

interface Gc {
  (options?: { type: 'major'; execution: 'sync' }): void;
}

const file = process.env.CRM_TEST_HEAP_PROBE;
const gc = (globalThis as { gc?: Gc }).gc;

if (file && gc) {
  process.on('SIGUSR2', () => {
    // Two passes: the first may only queue finalizers (weak references, FinalizationRegistry)
    // whose targets the second frees.
    gc();
    gc();
    const memory = process.memoryUsage();
    const line = {
      at: Date.now(),
      rssKb: Math.round(memory.rss / 1024),
      heapUsedKb: Math.round(memory.heapUsed / 1024),
      externalKb: Math.round(memory.external / 1024),
    };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
