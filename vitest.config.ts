import { defineConfig } from 'vitest/config';

const everyPackage = ['schemas/**/*.test.ts', 'engine/**/*.test.ts', 'runtime/**/*.test.ts', 'templates/**/*.test.ts', 'tests/**/*.test.ts', 'bench/src/**/*.test.ts'];
// Browser tests have their own project (below): they need the UI built first.
const notInMain = ['tests/durability/**', 'tests/browser/**'];
const neverTests = ['**/node_modules/**', '**/data/**'];
/*
 * CI's second `npm test` (TEST_DATABASE_KINDS=postgres, runtime/src/db/test-database.ts) follows the
 * embedded run and proves what PostgreSQL changes. The UI's DOM-only unit tests touch no database,
 * so there they would only repeat two and a half minutes of the first run.
 */
const postgresOnly = (process.env.TEST_DATABASE_KINDS ?? '').split(',').map((kind) => kind.trim()).join(',') === 'postgres';

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
      /*
       * `isolate: false`: a worker keeps its module graph from one file to the next. Importing the
       * runtime (transformed TypeScript, Ajv schemas compiled) was ~40% of the suite's time when each
       * file paid it again; files share no state beyond caches keyed by their own database.
       */
      { extends: true, test: { name: 'main', include: everyPackage, exclude: [...neverTests, ...notInMain], isolate: false } },
      { extends: true, test: { name: 'durability', include: ['tests/durability/**/*.test.ts'], exclude: neverTests } },
      /*
       * The UI's unit and component tests, in a DOM (happy-dom), through the UI's own Vite config
       * (Vue SFCs, precompiled i18n messages).
       */
      {
        extends: './builder-ui/vite.config.ts',
        test: {
          name: 'builder-ui',
          root: './builder-ui',
          include: postgresOnly ? [] : ['src/**/*.test.ts'],
          exclude: ['src/**/*.integration.test.ts'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
      /*
       * The UI's stores and screens against a real runtime (one per file, tests/support/ui-runtime.setup.ts):
       * the same DOM and Vite config as `builder-ui`, the PGlite image of the root config.
       */
      {
        extends: './builder-ui/vite.config.ts',
        test: {
          name: 'ui-integration',
          root: './builder-ui',
          include: ['src/**/*.integration.test.ts'],
          environment: 'happy-dom',
          globalSetup: ['../tests/support/pglite-image.global-setup.ts'],
          setupFiles: ['../tests/support/ui-runtime.setup.ts'],
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      /*
       * Chromium against a real runtime serving the built UI (tests/browser/README.md). The global
       * setup builds the UI once when its sources changed, before any browser test starts.
       */
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          exclude: neverTests,
          // Added to the root's (the PGlite image), which `extends: true` merges in.
          globalSetup: ['tests/browser/ui-build.global-setup.ts'],
          /*
           * expect.poll waits for the page to settle after an action (a menu animating out, a toolbar
           * updated a tick after the 201). Vitest's default gives up after one second, which a CI
           * machine busy with the other worker's runtime and Chromium overran (a select menu still
           * leaving after 1 s failed the dashboards test); a locator action itself waits up to 30 s.
           */
          expect: { poll: { timeout: 10_000, interval: 100 } },
          /*
           * A file's beforeAll starts a runtime and Chromium; the run's first file also prepares the
           * template database the others copy (prepared-test-database.ts), and the other worker's first
           * file waits for it. On a machine loaded by other work that took over the root's two minutes.
           */
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
