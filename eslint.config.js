import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/*
 * Layers point one way: schemas <- engine <- runtime, and builder-ui sees only schemas. The engine
 * reaches HTTP, mail and the sandbox through ports the runtime passes in, so it imports no HTTP code.
 */
const httpModules = ['express', 'node:http', 'node:https', 'http', 'https', 'undici', 'axios', 'node-fetch'];
const uiModules = ['vue', 'pinia', '@vue-flow/core', 'vite'];

function restrict(names, message) {
  return names.map((name) => ({ name, message }));
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/data/**', '**/dist/**', 'schemas/generated/**', 'bench/.peers/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    // The TypeScript resolver maps our `./x.js` import specifiers to `x.ts`; without it no-cycle
    // sees no edges and passes everything.
    settings: {
      'import-x/resolver': { typescript: { project: './tsconfig.json' } },
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
    files: ['schemas/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...restrict(['@crm/engine', '@crm/runtime', '@crm/templates'], 'schemas is the bottom layer: it imports no other package of ours.'),
          ...restrict(['knex', 'pg', '@electric-sql/pglite', 'isolated-vm', ...httpModules, ...uiModules], 'schemas describes; it does not touch databases, HTTP or UI.'),
        ],
        patterns: [{ group: ['**/engine/**', '**/runtime/**', '**/builder-ui/**'], message: 'schemas imports no other layer.' }],
      }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...restrict(['@crm/runtime'], 'engine sits below runtime: the runtime passes ports in.'),
          ...restrict([...httpModules, ...uiModules], 'engine imports no HTTP or UI code; use the ports passed in.'),
        ],
        patterns: [{ group: ['**/runtime/**', '**/builder-ui/**', '@crm/schemas/src/*'], message: 'engine imports only @crm/schemas (its public entry).' }],
      }],
    },
  },
  {
    files: ['runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: restrict(uiModules, 'runtime serves the built UI; it does not import it.'),
        patterns: [{ group: ['**/builder-ui/**', '@crm/schemas/src/*', '@crm/engine/src/*'], message: 'Import other packages through their public entry.' }],
      }],
    },
  },
  {
    files: ['builder-ui/**/*.ts', 'builder-ui/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: restrict(['@crm/engine', '@crm/runtime', 'knex', 'pg', 'express', 'isolated-vm'], 'builder-ui uses @crm/schemas and talks to the runtime over HTTP only.'),
        patterns: [{ group: ['**/engine/**', '**/runtime/**'], message: 'builder-ui talks to the runtime over HTTP only.' }],
      }],
    },
  },
);
