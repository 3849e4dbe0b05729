import { defineConfig } from 'vitest/config';
import path from 'node:path';
const useShim = process.env.USE_SHIM === '1';
export default defineConfig({
  resolve: {
    alias: [
      ...(useShim ? [{ find: '@crm/schemas', replacement: path.resolve(import.meta.dirname, 'shim/index.ts') }] : []),
      ...(process.env.STUB_CONDITION === '1' ? [{ find: /^\.\.\/condition\/index\.js$/, replacement: path.resolve(import.meta.dirname, 'condition-stub.ts') }] : []),
      { find: /^\.\.\/records\/records\.routes\.js$/, replacement: path.resolve(import.meta.dirname, 'records-stub.ts') },
    ],
  },
  test: { root: path.resolve(import.meta.dirname, '../..'), include: ['runtime/src/definitions/**/*.test.ts', 'runtime/src/storage/**/*.test.ts'], testTimeout: 60000, hookTimeout: 120000, pool: 'forks', maxWorkers: 2 },
});
