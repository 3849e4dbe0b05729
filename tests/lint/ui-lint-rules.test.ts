import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * builder-ui's rules in eslint.config.js, each shown to fire on the hole it closes and to let the
 * legal case through: naive-ui only behind our Crm* components, fetch only in api/, no store
 * importing another, no Node builtins or server packages in what ships to the browser, 300 lines
 * for a .vue file.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IMPORT_RULE = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js'), overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });
});

async function ruleIdsFor(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file} did not parse: ${fatal.message}`);
  return messages.map((m) => m.ruleId ?? '').filter((id) => id !== '@typescript-eslint/no-unused-vars');
}

const vue = (script: string) => `<script setup lang="ts">\n${script}\n</script>\n\n<template>\n  <div />\n</template>\n`;

const refused: Array<{ hole: string; file: string; code: string; rule: string }> = [
  { hole: 'a screen imports naive-ui', file: 'builder-ui/src/builder/ProbePanel.vue', code: vue("import { NButton } from 'naive-ui';\nconsole.log(NButton);"), rule: IMPORT_RULE },
  { hole: 'a composable imports a naive-ui subpath', file: 'builder-ui/src/shared/probe.ts', code: "import { x } from 'naive-ui/es/button';\nexport const p = x;", rule: IMPORT_RULE },
  { hole: 'a store calls fetch', file: 'builder-ui/src/stores/probe.store.ts', code: "export const p = () => fetch('/api/auth/me');", rule: 'no-restricted-globals' },
  { hole: 'a component calls window.fetch', file: 'builder-ui/src/workspace/ProbePanel.vue', code: vue("window.fetch('/api/records/deal');"), rule: 'no-restricted-properties' },
  { hole: 'a store imports another store', file: 'builder-ui/src/stores/probe.store.ts', code: "import { useSessionStore } from './session.store.js';\nexport const p = useSessionStore;", rule: IMPORT_RULE },
  { hole: 'UI code imports a Node builtin', file: 'builder-ui/src/domain/probe.ts', code: "import fs from 'node:fs';\nexport const p = fs;", rule: IMPORT_RULE },
  { hole: 'UI code imports the runtime', file: 'builder-ui/src/api/probe.ts', code: "import { createRuntime } from '@crm/runtime';\nexport const p = createRuntime;", rule: IMPORT_RULE },
  { hole: 'UI code reaches into schemas', file: 'builder-ui/src/domain/probe.ts', code: "import type { App } from '@crm/schemas/src/index.js';\nexport type P = App;", rule: IMPORT_RULE },
];

const allowed: Array<{ hole: string; file: string; code: string }> = [
  { hole: 'a Crm component imports naive-ui', file: 'builder-ui/src/components/crm/CrmProbe.vue', code: vue("import { NButton } from 'naive-ui';\nconsole.log(NButton);") },
  { hole: 'a worker installs the precompiled validators', file: 'builder-ui/src/workers/probe.worker.ts', code: "import '@crm/schemas/precompiled';" },
  { hole: 'a builder panel installs the condition\'s precompiled validators', file: 'builder-ui/src/builder/pipelines/ProbePanel.vue', code: vue("import '@crm/schemas/precompiled-condition';\nconsole.log(1);") },
  { hole: 'the api layer calls fetch', file: 'builder-ui/src/api/probe.api.ts', code: "export const p = () => fetch('/api/auth/me');" },
  { hole: 'a store uses the api layer and domain rules', file: 'builder-ui/src/stores/probe.store.ts', code: "import { fetchMe } from '../api/session.api.js';\nimport { pickBrowserLocale } from '../domain/locale.rules.js';\nexport const p = [fetchMe, pickBrowserLocale];" },
  { hole: 'a component uses stores and Crm components', file: 'builder-ui/src/builder/ProbePanel.vue', code: vue("import { CrmButton } from '../components/crm/index.js';\nimport { useSessionStore } from '../stores/session.store.js';\nconsole.log(CrmButton, useSessionStore);") },
  { hole: 'UI tests read files with Node', file: 'builder-ui/src/i18n/probe.test.ts', code: "import { readFileSync } from 'node:fs';\nexport const p = readFileSync;" },
];

describe('builder-ui lint rules fire on each hole', () => {
  it.each(refused)('$hole ($file)', async ({ file, code, rule }) => {
    expect(await ruleIdsFor(code, file)).toContain(rule);
  });
});

describe('builder-ui legal code passes', () => {
  it.each(allowed)('$hole ($file)', async ({ file, code }) => {
    expect(await ruleIdsFor(code, file)).toEqual([]);
  });
});

describe('max-lines for .vue', () => {
  // n constants + console.log + 7 lines of frame (script tags, template) = the length asked for.
  const component = (lines: number) => vue(Array.from({ length: lines - 7 }, (_, i) => `const v${i} = ${i};`).join('\n') + '\nconsole.log(v0);');
  it('refuses a component of 301 lines', async () => {
    expect(await ruleIdsFor(component(301), 'builder-ui/src/builder/ProbePanel.vue')).toContain('max-lines');
  });
  it('lets a component of 300 lines through', async () => {
    expect(await ruleIdsFor(component(300), 'builder-ui/src/builder/ProbePanel.vue')).not.toContain('max-lines');
  });
});
