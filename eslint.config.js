import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import pluginVue from 'eslint-plugin-vue';

/*
 * Layers point one way: schemas <- engine <- runtime, and builder-ui sees only schemas. The engine
 * reaches HTTP, mail and the sandbox through ports the runtime passes in, so it imports no HTTP code.
 * Each package is reached through its public entry (`@crm/schemas`), never by a path into its
 * folders (`../../schemas/src/...` or `@crm/schemas/src/...`), so a package's inside can move freely.
 *
 * The TypeScript version of no-restricted-imports is used because it can let type-only imports
 * through (the engine describes its store with knex's types, but the runtime opens the database).
 * A file gets the options of the LAST block matching it (ESLint does not merge rule options), so
 * every block lists all of its restrictions; `layer()` builds them.
 */
const httpModules = ['express', 'node:http', 'node:https', 'http', 'https', 'undici', 'axios', 'node-fetch'];
const uiModules = ['vue', 'pinia', '@vue-flow/core', 'vite'];
const databaseDrivers = ['pg', '@electric-sql/pglite', 'better-sqlite3', 'sqlite3', 'mysql2'];
const mailModules = ['nodemailer'];
// Every Node builtin, with and without the `node:` prefix: none of them exists in a browser.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `node:${name}`]);
// `import('node:fs')`, `import('fs/promises')`; an esquery regex may not hold a '/', hence \x2F.
const topLevelBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.includes('/'));
const dynamicNodeImport = `ImportExpression[source.value=/^(node:|(${topLevelBuiltins.join('|')})(\\x2F|$))/]`;

/**
 * Paths into another package's folders; a package is imported through its public entries only:
 * its main entry and, for schemas, '@crm/schemas/precompiled' and '-condition' (imported for their effect, kept out of
 * the main entry so the UI's main chunk does not carry the generated validators).
 */
const extraEntries = { schemas: ['@crm/schemas/precompiled', '@crm/schemas/precompiled-condition'] };
function insideOf(pkg) {
  return [`**/${pkg}/src/**`, `**/${pkg}/generated/**`, `**/${pkg}/scripts/**`, `@crm/${pkg}/*`, ...(extraEntries[pkg] ?? []).map((entry) => `!${entry}`)];
}

function restrict(names, message, extra = {}) {
  return names.map((name) => ({ name, message, ...extra }));
}

function layer({ paths = [], patterns = [] }) {
  return { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] };
}

const schemasLayer = {
  paths: [
    ...restrict(['@crm/engine', '@crm/runtime', '@crm/templates'], 'schemas is the bottom layer: it imports no other package of ours.'),
    ...restrict(['knex', 'isolated-vm', ...databaseDrivers, ...mailModules, ...httpModules, ...uiModules], 'schemas describes; it does not touch databases, HTTP or UI.'),
  ],
  patterns: [{ group: ['**/engine/**', '**/runtime/**', '**/builder-ui/**', '**/templates/**'], message: 'schemas imports no other layer.' }],
};

const engineLayer = {
  paths: [
    ...restrict(['@crm/runtime', '@crm/templates'], 'engine sits below runtime: the runtime passes ports in.'),
    ...restrict([...httpModules, ...uiModules], 'engine imports no HTTP or UI code; use the ports passed in.'),
    ...restrict([...databaseDrivers, ...mailModules], 'engine opens no database or mail connection: the runtime passes a knex handle and a mail port in.'),
    // The store is typed with knex's Knex/Transaction; building a connection is the runtime's job.
    ...restrict(['knex'], 'engine takes the knex handle the runtime passes in; import knex for its types only (import type).', { allowTypeImports: true }),
  ],
  patterns: [
    { group: ['**/runtime/**', '**/builder-ui/**', '**/templates/**'], message: 'engine imports no layer above it.' },
    { group: insideOf('schemas'), message: 'engine imports only @crm/schemas (its public entry).' },
  ],
};

const runtimeLayer = {
  paths: restrict(uiModules, 'runtime serves the built UI; it does not import it.'),
  patterns: [
    { group: ['**/builder-ui/**'], message: 'runtime serves the built UI; it does not import it.' },
    { group: [...insideOf('schemas'), ...insideOf('engine')], message: 'Import other packages through their public entry.' },
    // records/ has a public face; files inside it import each other by `./`, so this never fires
    // there. Its test helpers are not part of the face (tests of other areas import them).
    {
      group: ['**/records/*', '!**/records/index.js', '!**/records/*.test-support.js', '!**/records/*.fixtures.js'],
      message: 'Import records through its public face, ../records/index.js.',
    },
    // One writer of audit entries: the AuditTrail the composition root builds (audit/audit-trail.service.ts).
    {
      group: ['**/audit/audit.log.js'],
      message: 'Write audit entries through the AuditTrail (RouteDeps.auditTrail), not audit.log.js.',
      allowTypeImports: true,
    },
  ],
};

// Within the runtime only the processes area talks to the engine; the rest goes through it.
const runtimeOutsideProcesses = {
  paths: [...runtimeLayer.paths, ...restrict(['@crm/engine'], 'Only runtime/src/processes/ imports @crm/engine; reach the engine through that area.')],
  patterns: runtimeLayer.patterns,
};

const templatesLayer = {
  paths: restrict(['@crm/runtime', '@crm/engine'], 'templates are definitions and demo data checked by @crm/schemas; they do not run anything.'),
  patterns: [
    { group: ['**/runtime/**', '**/engine/**', '**/builder-ui/**'], message: 'templates import only @crm/schemas.' },
    { group: insideOf('schemas'), message: 'templates import only @crm/schemas (its public entry).' },
  ],
};

/*
 * builder-ui: only @crm/schemas and HTTP (no engine, runtime, database or Node builtins in what
 * ships to the browser); the component kit (naive-ui) only inside components/crm, behind our Crm*
 * components; fetch only in api/; no store importing another (a store that needs another's data
 * gets it from the component, so stores stay small and never form a web).
 */
const uiBase = {
  paths: restrict(['@crm/engine', '@crm/runtime', 'knex', 'pg', 'express', 'isolated-vm'], 'builder-ui uses @crm/schemas and talks to the runtime over HTTP only.'),
  patterns: [
    { group: ['**/engine/**', '**/runtime/**'], message: 'builder-ui talks to the runtime over HTTP only.' },
    { group: insideOf('schemas'), message: 'builder-ui imports only @crm/schemas (its public entry).' },
  ],
};
const uiNoNode = {
  paths: restrict(nodeBuiltins, 'builder-ui runs in the browser: no Node builtins.'),
  patterns: [{ group: ['node:*'], message: 'builder-ui runs in the browser: no Node builtins.' }],
};
const uiNoKit = {
  paths: restrict(['naive-ui'], 'Use our Crm* components (builder-ui/src/components/crm); only they import naive-ui.'),
  patterns: [{ group: ['naive-ui/*'], message: 'Use our Crm* components (builder-ui/src/components/crm); only they import naive-ui.' }],
};
const uiNoStores = {
  paths: [],
  patterns: [{ group: ['*.store', '*.store.js', '*.store.ts'], message: 'A store does not import another store; the component passes what it needs.' }],
};
function uiLayer(...parts) {
  return layer({ paths: parts.flatMap((p) => p.paths), patterns: parts.flatMap((p) => p.patterns) });
}
const fetchOutsideApi = 'Only builder-ui/src/api/ calls the server (http.client.ts adds CSRF and turns errors into ApiError).';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/data/**', '**/dist/**', 'schemas/generated/**', 'bench/.peers/**', 'bench/results/**', 'tests/browser/screenshots/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    plugins: { 'import-x': importX },
    // The TypeScript resolver maps our `./x.js` import specifiers to `x.ts`; without it no-cycle
    // sees no edges and passes everything.
    settings: {
      'import-x/resolver': { typescript: { project: ['./tsconfig.json', './builder-ui/tsconfig.json'] } },
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // 400 lines, blank lines and comments included: past that a module holds more than one job.
    files: ['**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Components are smaller still; in force once builder-ui lints .vue files.
    files: ['**/*.vue'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  { files: ['schemas/**/*.ts'], rules: layer(schemasLayer) },
  {
    // What ships in @crm/schemas runs in the builder's browser too: no Node builtins. The generator
    // scripts and the tests run under Node only.
    files: ['schemas/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: layer({
      paths: [...schemasLayer.paths, ...restrict(nodeBuiltins, 'schemas must stay browser-safe for the builder: no Node builtins.')],
      patterns: [...schemasLayer.patterns, { group: ['node:*'], message: 'schemas must stay browser-safe for the builder: no Node builtins.' }],
    }),
  },
  {
    // Imports are not the only way to Node: its globals and a dynamic import() reach it too. A
    // separate block (other rules than the layer's), so the import restrictions above still apply.
    files: ['schemas/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'].map((name) => ({
          name,
          message: 'schemas must stay browser-safe for the builder: no Node globals.',
        })),
      ],
      // A dynamic import of a library (loaded on demand) is fine; of a Node builtin it is not.
      'no-restricted-syntax': ['error', { selector: dynamicNodeImport, message: 'schemas must stay browser-safe for the builder: no Node builtins.' }],
    },
  },
  { files: ['engine/**/*.ts'], rules: layer(engineLayer) },
  { files: ['runtime/**/*.ts'], rules: layer(runtimeOutsideProcesses) },
  { files: ['runtime/src/processes/**/*.ts'], rules: layer(runtimeLayer) },
  { files: ['templates/**/*.ts'], rules: layer(templatesLayer) },
  { files: ['builder-ui/**/*.ts', 'builder-ui/**/*.vue'], rules: uiLayer(uiBase, uiNoNode, uiNoKit) },
  { files: ['builder-ui/src/components/crm/**'], rules: uiLayer(uiBase, uiNoNode) },
  { files: ['builder-ui/src/stores/**'], rules: uiLayer(uiBase, uiNoNode, uiNoKit, uiNoStores) },
  // Build config and tests run under Node.
  { files: ['builder-ui/vite.config.ts', 'builder-ui/**/*.test.ts'], rules: uiLayer(uiBase, uiNoKit) },
  {
    files: ['builder-ui/**/*.ts', 'builder-ui/**/*.vue'],
    ignores: ['builder-ui/src/api/**', 'builder-ui/vite.config.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: fetchOutsideApi }, { name: 'XMLHttpRequest', message: fetchOutsideApi }],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: fetchOutsideApi },
        { object: 'globalThis', property: 'fetch', message: fetchOutsideApi },
        { object: 'self', property: 'fetch', message: fetchOutsideApi },
      ],
    },
  },
);
