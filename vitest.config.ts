import { defineConfig } from 'vitest/config';

const everyPackage = ['schemas/**/*.test.ts', 'engine/**/*.test.ts', 'runtime/**/*.test.ts', 'templates/**/*.test.ts', 'tests/**/*.test.ts', 'bench/src/**/*.test.ts'];
const neverTests = ['**/node_modules/**', '**/data/**'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers than that only makes each PGlite instance slower.
    maxWorkers: 2,
    // Every test database starts from one freshly initialised PGlite image instead of its own initdb.
    globalSetup: ['tests/support/pglite-image.global-setup.ts'],
    /*
     * Two projects: `main` is what `npm test` runs; `durability` (crashes, kills, races, sustained
     * load: minutes of wall-clock by design) runs as its own CI step with `npm run test:durability`.
     * `npx vitest run <file>` still finds a file in either project.
     */
    projects: [
      { extends: true, test: { name: 'main', include: everyPackage, exclude: [...neverTests, 'tests/durability/**'] } },
      { extends: true, test: { name: 'durability', include: ['tests/durability/**/*.test.ts'], exclude: neverTests } },
    ],
  },
});
