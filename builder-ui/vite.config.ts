import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import type { Plugin } from 'vite';

/**
 * @valtown/codemirror-ts's index re-exports its worker helpers, which `import ts from "typescript"`:
 * on the main thread that would pull all of TypeScript into the editor's chunk. There only the
 * CodeMirror extensions run (TypeScript runs in src/workers/), so `typescript` is stubbed for
 * importers inside the package. Main-thread plugins only: the worker bundle gets the real one.
 */
function stubTypeScriptOnMainThread(): Plugin {
  const stub = '\0typescript-main-thread-stub';
  return {
    name: 'crm:stub-typescript-on-main-thread',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      if (source === 'typescript' && importer?.replaceAll('\\', '/').includes('@valtown/codemirror-ts/dist/esm/')) return stub;
      return null;
    },
    load(id) {
      return id === stub ? 'export default {};' : null;
    },
  };
}

/*
 * One SPA for both the builder (/builder/**) and the workspace (/**). Messages in src/i18n/{ru,en}.json (shell) and src/i18n/{ru,en}/<area>.json (one file per screen area, mounted at the key <area>)
 * are compiled to functions at build time, so the page runs vue-i18n's runtime-only build and the
 * Content-Security-Policy needs no 'unsafe-eval'. `npm run dev` proxies /api to a running runtime
 * (CRM_API_URL, default http://localhost:3000).
 */
export default defineConfig({
  plugins: [
    stubTypeScriptOnMainThread(),
    vue(),
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./src/i18n/**/*.json', import.meta.url))],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      strictMessage: true,
      escapeHtml: true,
    }),
  ],
  // The script editor's TypeScript worker (src/workers/) is an ES module chunk of its own.
  worker: { format: 'es' },
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.CRM_API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
