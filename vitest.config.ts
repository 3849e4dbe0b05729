import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['schemas/**/*.test.ts', 'engine/**/*.test.ts', 'runtime/**/*.test.ts', 'templates/**/*.test.ts', 'tests/**/*.test.ts', 'bench/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/data/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers than that only makes each PGlite instance slower.
    maxWorkers: 2,
  },
});
